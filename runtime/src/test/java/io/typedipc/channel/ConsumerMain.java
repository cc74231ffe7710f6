package io.typedipc.channel;

import io.typedipc.AuthKey;
import io.typedipc.EndOfStreamException;
import io.typedipc.ManagerClient;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Subscribes to a channel and prints {@code GOT producer:seq} after handling each item (after an
 * optional delay per message), then {@code END n} at the end of the stream. Args: port channel
 * [delayMillis [pull]]; with {@code pull}, through a {@link Receiver} instead of a subscription.
 */
public final class ConsumerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    long delay = args.length > 2 ? Long.parseLong(args[2]) : 0;
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), delay > 0);
    long[] count = new long[1];
    try (ManagerClient client = TestTransport.connect(Integer.parseInt(args[0]), AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      Recorder handler = new Recorder() {
        @Override
        public void item(int producer, long seq) {
          if (delay > 0) {
            try {
              Thread.sleep(delay);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          out.println("GOT " + producer + ":" + seq);
          count[0]++;
        }
      };
      if (args.length > 3 && args[3].equals("pull")) {
        try (Receiver<Events> receiver = client.receiver(Events.class, args[1])) {
          System.out.println("SUBSCRIBED");
          while (true) {
            try {
              receiver.receive(handler);
            } catch (EndOfStreamException end) {
              break;
            }
          }
        }
        out.println("END " + count[0] + " true null");
        out.flush();
        return;
      }
      Subscription s = client.consume(Events.class, args[1], handler);
      System.out.println("SUBSCRIBED");
      while (!s.awaitEnd(Duration.ofSeconds(60))) {
        // keep waiting
      }
      out.println("END " + count[0] + " " + s.reachedEndOfStream() + " " + s.failure());
      out.flush();
    }
  }
}
