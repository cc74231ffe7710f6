package io.typedipc.pipe;

import io.typedipc.AuthKey;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.List;

/**
 * The child side of the pipe tests. {@code readme TOKEN}: the README's other process, which sends
 * {@code number(42)} and closes. {@code send TOKEN n}: connects, sends {@code number(0..n-1)}
 * and a {@code words} message, closes ({@code send-exclusive}: the same through the end's
 * exclusive sender). {@code echo k [exclusive]}: listens (printing {@code TOKEN t}), replies to
 * each number (through its exclusive sender if asked), and after {@code k} closes its end, printing
 * {@code CLOSED}. {@code stall}: listens, accepts, and never reads, until killed. {@code
 * send-and-wait TOKEN n}: connects, sends {@code number(0..n-1)}, flushes, prints {@code SENT}
 * and whether it uses shared memory, and keeps its end open until killed.
 */
public final class PipeChildMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    AuthKey key = AuthKey.fromEnvironment(ChildJvm.KEY_ENV);
    if (args[0].equals("readme")) { // the README's section 7, "the other process", as written
      String token = args[1];
      try (PipeEnd<Numbers, Void> out = Pipe.connect(token, key, Numbers.class, Void.class)) {
        out.sender().number(42);                   // send()
      }
      System.out.println("DONE");
    } else if (args[0].equals("send") || args[0].equals("send-exclusive")) {
      try (PipeEnd<Numbers, Void> end = Pipe.connect(args[1], key, Numbers.class, Void.class)) {
        Numbers out = args[0].equals("send") ? end.sender() : end.exclusiveSender();
        long n = Long.parseLong(args[2]);
        for (long i = 0; i < n; i++) {
          out.number(i);
        }
        out.words(List.of("42", "hello"));
      }
      System.out.println("DONE");
    } else if (args[0].equals("send-and-wait")) {
      PipeEnd<Numbers, Void> end = Pipe.connect(args[1], key, Numbers.class, Void.class);
      long n = Long.parseLong(args[2]);
      for (long i = 0; i < n; i++) {
        end.sender().number(i);
      }
      end.flush();
      System.out.println("SENT " + end.usesSharedMemory());
      Thread.sleep(Long.MAX_VALUE); // its end stays open: until killed
    } else if (args[0].equals("stall")) {
      PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
      System.out.println("TOKEN " + listener.token());
      PipeEnd<Void, Numbers> end = listener.accept(Duration.ofSeconds(30));
      System.out.println("ACCEPTED " + end);
      Thread.sleep(Long.MAX_VALUE); // never reads: until killed
    } else {
      PipeListener<Replies, Numbers> listener = Pipe.listen(key, Replies.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
      System.out.println("TOKEN " + listener.token());
      int k = Integer.parseInt(args[1]);
      try (PipeEnd<Replies, Numbers> end = listener.accept(Duration.ofSeconds(30))) {
        Replies replies = args.length > 2 && args[2].equals("exclusive") ? end.exclusiveSender() : end.sender();
        int[] seen = new int[1];
        Numbers handler = new Numbers() {
          @Override
          public void number(long n) {
            replies.reply("got " + n);
            seen[0]++;
          }

          @Override
          public void words(List<String> words) {
            replies.reply("words " + words);
          }
        };
        try {
          while (seen[0] < k) {
            end.receive(handler);
          }
        } catch (EndOfStreamException e) {
          System.out.println("EOF " + seen[0]);
        }
      }
      System.out.println("CLOSED");
    }
  }
}
