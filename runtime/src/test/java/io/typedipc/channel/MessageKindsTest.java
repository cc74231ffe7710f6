package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of message argument crosses from a producer JVM to this one, written straight into
 * the batch by the generated proxy and read straight from it by the generated dispatcher: each
 * primitive (extremes, NaN, -0.0), strings (null, empty, non-ASCII, an unpaired surrogate, long),
 * an allow-listed record, boxed primitives, an array, no argument. A message refused at the
 * producer — an argument of an unregistered class, a message over the receiver's limit — throws
 * the documented {@code SerializationException} there and leaves nothing behind in its batch: the
 * messages after it arrive intact and in order. Through a pipe (thread-safe and exclusive sender)
 * and a Manager channel (pull and push consumers).
 */
@Timeout(180)
class MessageKindsTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Pattern TOO_LARGE = Pattern.compile(
      "cannot send void payload\\(byte\\[\\]\\): the message takes \\d+ bytes, more than the limit of \\d+ bytes"
          + " \\(a channel's limit is the Manager's and the client's maxFrameSize; a pipe's is the default 16 MiB frame\\)");
  private final AuthKey key = AuthKey.generate();

  @Test
  void throughAPipesThreadSafeSender() throws Exception {
    throughAPipe("pipe");
  }

  @Test
  void throughAPipesExclusiveSender() throws Exception {
    throughAPipe("pipe-exclusive");
  }

  private void throughAPipe(String mode) throws Exception {
    PipeListener<Void, Kinds> listener =
        Pipe.listen(key, Void.class, Kinds.class).sharedMemory(TestTransport.sharedMemory());
    try (ChildJvm child = ChildJvm.start(KindsSenderMain.class, key, mode, listener.token());
        PipeEnd<Void, Kinds> end = TestTransport.checked(listener.accept(LONG))) {
      KindsScript.Record received = new KindsScript.Record();
      List<List<Object>> expected = KindsScript.expect();
      assertEquals(expected.size(), end.drain(received));
      assertEquals(expected, received.seen);
      assertRefusals(child, 16 * 1024 * 1024 - 9); // the frame limit less the DATA frame header
      child.awaitLine("SENT", LONG);
    }
  }

  @Test
  void throughAManagerChannelToAPullReceiver() throws Exception {
    try (Manager manager = manager("kinds-pull");
        ChildJvm child = producer(manager, "kinds-pull")) {
      assertRefusals(child, KindsSenderMain.CHANNEL_FRAME - 512); // less room for the put frame
      child.awaitLine("SENT", LONG);
      KindsScript.Record received = new KindsScript.Record();
      List<List<Object>> expected = KindsScript.expect();
      try (ManagerClient client = TestTransport.connect(manager.port(), key);
          Receiver<Kinds> receiver = client.receiver(Kinds.class, "kinds-pull")) {
        for (int i = 0; i < expected.size(); i++) {
          assertTrue(receiver.receive(received, LONG), "message " + i + " within " + LONG);
        }
        assertEquals(expected, received.seen);
        assertEquals(0, client.channel(Kinds.class, "kinds-pull").size(), "nothing more in the channel");
      }
    }
  }

  @Test
  void throughAManagerChannelToAPushSubscription() throws Exception {
    try (Manager manager = manager("kinds-push");
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      KindsScript.Record received = new KindsScript.Record();
      List<List<Object>> expected = KindsScript.expect();
      try (Subscription s = client.consume(Kinds.class, "kinds-push", received);
          ChildJvm child = producer(manager, "kinds-push")) {
        assertRefusals(child, KindsSenderMain.CHANNEL_FRAME - 512); // less room for the put frame
        child.awaitLine("SENT", LONG);
        client.channel(Kinds.class, "kinds-push").close(); // the subscription ends once it has everything
        assertTrue(s.awaitEnd(LONG), "the subscription received everything and the end within " + LONG);
      }
      assertEquals(expected, received.seen);
    }
  }

  private Manager manager(String channel) {
    return TestTransport.manager(Manager.builder()).address(0).authKey(key).channel(Kinds.class, channel, 1_000).start();
  }

  private ChildJvm producer(Manager manager, String channel) {
    return ChildJvm.start(KindsSenderMain.class, key, "channel", Integer.toString(manager.port()), channel);
  }

  /** The producer printed both refusals, with the messages the runtime documents. */
  private static void assertRefusals(ChildJvm child, int messageLimit) throws InterruptedException {
    String shape = child.awaitLine("REFUSED shape", LONG);
    assertTrue(shape.startsWith("cannot send void shape(io.typedipc.channel.Shape): ")
        && shape.contains(Shape.Square.class.getName()), shape);
    String payload = child.awaitLine("REFUSED payload", LONG);
    assertTrue(TOO_LARGE.matcher(payload).matches(), payload);
    assertTrue(payload.contains("more than the limit of " + messageLimit + " bytes"), payload);
  }
}
