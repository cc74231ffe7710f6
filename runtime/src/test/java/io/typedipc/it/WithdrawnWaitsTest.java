package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.ProtocolException;
import io.typedipc.Receiver;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.channel.Events;
import io.typedipc.channel.Recorder;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.internal.builtin.BarrierWire_Binding;
import io.typedipc.internal.builtin.LockWire_Binding;
import io.typedipc.internal.builtin.QueueWire_Binding;
import io.typedipc.internal.builtin.SemaphoreWire_Binding;
import io.typedipc.internal.channel.ChannelService_Binding;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.testing.TestThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client's connections share one session, so one of them can end while the client stays
 * connected (the Manager closed it for a protocol error, or the network cut just that one). The
 * calls it had parked in built-ins fail on the client with {@code ConnectionLostException}; the
 * Manager must withdraw them then, not when the whole client leaves: a lock, an element or a
 * place granted later to such a call would go to nobody, and a client could pile up parked calls
 * without bound by opening, parking and closing connections. Raw connections of one session, so
 * that one can close while another stays.
 */
@Timeout(120)
class WithdrawnWaitsTest {
  private static final InterfaceDescriptor LOCK = new LockWire_Binding().descriptor();
  private static final InterfaceDescriptor QUEUE = new QueueWire_Binding().descriptor();
  private static final InterfaceDescriptor BARRIER = new BarrierWire_Binding().descriptor();
  private static final InterfaceDescriptor CHANNEL = new ChannelService_Binding().descriptor();
  private static final InterfaceDescriptor SEMAPHORE = new SemaphoreWire_Binding().descriptor();
  private static final long FOREVER = -1;
  private final AuthKey key = AuthKey.generate();
  /** The raw client session, whose connections come and go. */
  private final String session = "client-" + UUID.randomUUID();

  /**
   * The same as a user meets it, the Manager in its own JVM: a client of two connections, one
   * thread waiting for a lock on one of them, when the Manager closes that connection because
   * another thread sent a value of a class only the client registered. The waiting thread gets
   * {@code ConnectionLostException}; the client stays connected through its other connection; the
   * lock, released by its holder, must not go to the thread that was told its wait failed.
   */
  @Test
  void aLockWaitOnAConnectionTheManagerClosedIsNotGrantedLater() throws Exception {
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient holder = ManagerClient.connect("127.0.0.1", port, key);
          ManagerClient other = ManagerClient.connect("127.0.0.1", port, key);
          ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .connections(2).register(Parcel.class).connect()) {
        SharedLock held = holder.lock("l");
        held.lock();
        SharedLock lock = client.lock("l"); // this thread connected the client: the first connection
        // the client's next calling thread gets its second connection, the one after that the first again
        CompletableFuture.runAsync(lock::isLocked, TestThreads.EACH).get(30, TimeUnit.SECONDS);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(lock::lock, TestThreads.EACH);
        awaitLength(held, 1);

        ProtocolException refused = assertThrows(ProtocolException.class,
            () -> client.<String, Object>map("m").put("k", new Parcel("p", 1, new int[0])));
        assertTrue(refused.getMessage().contains("register the class on both sides"), refused.getMessage());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, failed.getCause());
        // the client's session lives on: its next new thread is given the second connection, still open
        CompletableFuture.runAsync(lock::isLocked, TestThreads.EACH).get(30, TimeUnit.SECONDS);
        awaitLength(held, 0); // withdrawn with its connection

        held.unlock();
        assertTrue(other.lock("l").tryLock(Duration.ofSeconds(10)),
            "the lock went to the thread that was told its wait failed");
      }
    }
  }

  private static void awaitLength(SharedLock lock, int waiting) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (lock.getQueueLength() != waiting) {
      assertTrue(System.nanoTime() < deadline, "the lock's queue never held " + waiting + ": " + lock.getQueueLength());
      Thread.sleep(10); // polling with a deadline
    }
  }

  @Test
  void aLockAcquireParkedThroughAnEndedConnectionIsNeverGranted() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedLock lock = holder.lock("l");
      lock.lock();
      parkThenCut(manager, "l", LOCK, "acquire", 7L, 1L, FOREVER);
      assertEquals(0, lock.getQueueLength(), "nobody waits for the lock any more");

      lock.unlock();
      assertTrue(other.lock("l").tryLock(Duration.ofSeconds(10)),
          "the lock went to nobody: the acquire parked through the ended connection was granted");
    }
  }

  /**
   * A thread keeps its connection for life: once that connection ended, the thread can no longer
   * release a lock it holds, so the lock is released as abandoned, as a departed client's is.
   */
  @Test
  void aLockHeldThroughAnEndedConnectionIsReleasedAsAbandoned() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key);
        RawConnection staying = RawConnection.joined(manager.port(), key, session)) { // keeps the session
      SharedLock lock = other.lock("l");
      try (RawConnection cut = RawConnection.joined(manager.port(), key, session)) {
        cut.send(RawConnection.call(2, cut.open("l", LOCK), LOCK, "acquire", 7L, 1L, FOREVER));
        assertEquals(Protocol.RESULT, cut.readReply(Duration.ofSeconds(10)).type(), "the acquire was answered");
        assertTrue(lock.isLocked(), "the raw session's thread holds the lock");
      }
      assertTrue(lock.tryLock(Duration.ofSeconds(10)), "the lock stayed with a thread whose connection ended");
      assertTrue(lock.wasAbandoned(), "its holder did not release it");
    }
  }

  @Test
  void aGetParkedThroughAnEndedConnectionTakesNoElement() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedQueue<String> queue = client.queue("q", String.class);
      parkThenCut(manager, "q", QUEUE, "get", 1L, FOREVER);

      queue.put("kept");
      assertEquals("kept", queue.get(Duration.ofSeconds(10)), "the element went to a get nobody reads");
    }
  }

  @Test
  void aSemaphoreAcquireParkedThroughAnEndedConnectionTakesNoPermit() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedSemaphore permits = holder.semaphore("s", 1);
      permits.acquire();
      parkThenCut(manager, "s", SEMAPHORE, "acquire", 1L, 1, FOREVER);

      permits.release();
      assertTrue(other.semaphore("s", 1).tryAcquire(Duration.ofSeconds(10)),
          "the permit went to the acquire parked through the ended connection");
    }
  }

  /** A party that can no longer arrive breaks the barrier, as a party whose client left does. */
  @Test
  void aBarrierPartyParkedThroughAnEndedConnectionBreaksTheBarrier() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedBarrier barrier = client.barrier("b", 3);
      parkThenCut(manager, "b", BARRIER, "await", 1L, FOREVER);

      assertTrue(barrier.isBroken(), "the party that cannot arrive broke the barrier");
      assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofSeconds(10)));
    }
  }

  /**
   * A take answered at once, whose connection then ended before its consumer acknowledged it: the
   * consumer may never have read the messages, and its next acknowledgement through another
   * connection would count them as consumed. They go back to the channel, to the next receiver.
   */
  @Test
  void messagesDeliveredThroughAnEndedConnectionGoBackToTheChannel() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).channel(Events.class, "ch", 100).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Producer<Events> producer = client.producer(Events.class, "ch");
      producer.send().text("kept");
      producer.flush();
      try (RawConnection staying = RawConnection.joined(manager.port(), key, session)) { // keeps the session
        try (RawConnection cut = RawConnection.joined(manager.port(), key, session)) {
          cut.send(RawConnection.call(2, cut.open("ch", CHANNEL), CHANNEL, "take", "raw-consumer", 0L, 10, 1 << 20, 0L));
          assertEquals(Protocol.RESULT, cut.readReply(Duration.ofSeconds(10)).type(), "the take was answered");
          assertEquals(0, client.channel(Events.class, "ch").size(), "the message was delivered to the raw consumer");
        }
        Recorder got = new Recorder();
        try (Receiver<Events> receiver = client.receiver(Events.class, "ch")) {
          assertTrue(receiver.receive(got, Duration.ofSeconds(10)), "the message came back to the channel");
        }
        assertEquals(List.of("kept"), got.seen);
      }
    }
  }

  /**
   * Through a new connection of the raw client session, calls {@code method} of the object {@code
   * name}, opened as {@code type}, waits until the call is parked, then closes that connection
   * while another connection keeps the session; returns once the Manager shows no parked call.
   */
  private void parkThenCut(Manager manager, String name, InterfaceDescriptor type, String method, Object... args)
      throws IOException, InterruptedException {
    try (RawConnection staying = RawConnection.joined(manager.port(), key, session)) { // keeps the session
      try (RawConnection cut = RawConnection.joined(manager.port(), key, session)) {
        cut.send(RawConnection.call(2, cut.open(name, type), type, method, args));
        IntrospectionCountsTest.awaitView(manager, v -> v.parkedCalls() == 1);
      }
      IntrospectionCountsTest.awaitView(manager, v -> v.parkedCalls() == 0); // withdrawn with its connection, while the session lives
    }
  }

  @Test
  void openingParkingAndClosingConnectionsLeavesNothingParked() throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        RawConnection staying = RawConnection.joined(manager.port(), key, session)) { // keeps the session
      SharedLock lock = holder.lock("l");
      lock.lock();

      for (int round = 0; round < 5; round++) {
        try (RawConnection cut = RawConnection.joined(manager.port(), key, session)) {
          int handle = cut.open("l", LOCK);
          byte[][] acquires = new byte[100][];
          for (int i = 0; i < acquires.length; i++) {
            acquires[i] = RawConnection.call(2 + i, handle, LOCK, "acquire", 100L + i, 1L + i, FOREVER);
          }
          cut.send(RawConnection.concat(acquires));
          IntrospectionCountsTest.awaitView(manager, v -> v.parkedCalls() == 100);
        }
        IntrospectionCountsTest.awaitView(manager, v -> v.parkedCalls() == 0);
        assertEquals(0, lock.getQueueLength(), "round " + round);
      }
    }
  }
}
