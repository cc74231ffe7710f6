package io.typedipc.channel;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.Producer;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;

/**
 * Sends {@link KindsScript} and prints {@code SENT}. Args: {@code pipe TOKEN} or {@code
 * pipe-exclusive TOKEN} (through a pipe end's thread-safe or exclusive sender), or {@code channel
 * PORT NAME} (a Manager channel's producer, with a 64 KiB frame limit).
 */
public final class KindsSenderMain {
  /** The frame limit of the channel producer's client. */
  static final int CHANNEL_FRAME = 64 * 1024;

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    AuthKey key = AuthKey.fromEnvironment(ChildJvm.KEY_ENV);
    if (args[0].startsWith("pipe")) {
      try (PipeEnd<Kinds, Void> end = Pipe.connect(args[1], key, Kinds.class, Void.class)) {
        KindsScript.send(args[0].equals("pipe") ? end.sender() : end.exclusiveSender(), 17 * 1024 * 1024);
      }
    } else {
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", Integer.parseInt(args[1])).authKey(key).maxFrameSize(CHANNEL_FRAME).connect())) {
        Producer<Kinds> producer = client.producer(Kinds.class, args[2]);
        KindsScript.send(producer.send(), 100_000);
        producer.flush();
      }
    }
    System.out.println("SENT");
  }
}
