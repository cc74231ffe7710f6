package io.typedipc.channel;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;

/** Sends {@code item(producer, 0..count-1)} to a channel, flushes, prints {@code SENT count}. Args: port channel producer count. */
public final class ProducerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int producer = Integer.parseInt(args[2]);
    long count = Long.parseLong(args[3]);
    try (ManagerClient client = TestTransport.connect(Integer.parseInt(args[0]), AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      Producer<Events> events = client.producer(Events.class, args[1]);
      System.out.println("READY");
      for (long i = 0; i < count; i++) {
        events.send().item(producer, i);
      }
      events.flush();
      System.out.println("SENT " + count);
    }
  }
}
