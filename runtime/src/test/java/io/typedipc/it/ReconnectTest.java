package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.ReconnectPolicy;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that reconnects ({@link ManagerClient.Builder#reconnect}) after its Manager, in another
 * JVM, is killed with kill -9 and restarted on the same port. Runs over TCP and over shared memory.
 */
class ReconnectTest {
  /** Quick attempts, many of them: the restarted JVM takes a few seconds on a loaded machine. */
  private static final ReconnectPolicy PATIENT =
      ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(500), 1_000).withLivenessCheck(Duration.ofMillis(200));
  @Test
  @Timeout(180)
  void aManagerKilledAndRestartedOnItsPortIsReachedAgainThroughTheSameProxiesAndHandles() throws Exception {
    AuthKey key = AuthKey.generate();
    ChildJvm first = ChildJvm.start(ReconnectManagerMain.class, key, "0");
    ChildJvm second = null;
    try {
      int port = Reconnects.port(first);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
              .address("127.0.0.1", port).authKey(key).reconnect(PATIENT).connect());
          ManagerClient plain = TestTransport.connect(port, key);
          ManagerClient probe = TestTransport.connect(port, key)) {
        TestService service = client.shared(TestService.class, "service");
        TestService patient = client.withTimeout(service, Duration.ZERO);
        assertEquals(1, service.increment());
        SharedQueue<Integer> queue = client.queue("q", Integer.class);
        queue.put(7);
        SharedLock lock = client.lock("l");
        lock.lock();
        SharedSemaphore permits = client.semaphore("s", 1);
        permits.acquire();
        SharedMap<String, Integer> map = client.map("m");
        map.put("a", 1);
        SharedValue<String> value = client.value("v", "initial");
        value.set("changed");
        SharedList<String> onTheFly = client.shared(Library.class, "library").freshShelf();
        onTheFly.add("x");
        ChannelHandle<Events> events = client.channel(Events.class, "events");
        Receiver<Events> oldReceiver = events.receiver();
        Producer<Events> oldProducer = events.producer();
        oldProducer.send().text("before");
        oldProducer.flush();
        TestService plainService = plain.shared(TestService.class, "service");

        // in flight at the kill: a long call running, and an increment queued behind it
        CompletableFuture<Void> running = Background.run(() -> patient.sleep(120_000));
        Busy.awaitBusy(probe, "service");
        CompletableFuture<Integer> queued = service.incrementAsync();
        first.kill();
        Reconnects.assertLost(running);
        Reconnects.assertLost(queued);

        second = ChildJvm.start(ReconnectManagerMain.class, key, Integer.toString(port));
        assertEquals(port, Reconnects.port(second));

        // the next calls go to the restarted Manager, through the same proxies
        assertEquals(0, service.get(), "the increment in flight at the kill was not sent again");
        assertEquals(1, service.increment());
        assertEquals(2, patient.increment());
        assertTrue(client.isConnected());
        assertEquals(port, client.managerAddress().getPort());
        assertEquals(TestTransport.sharedMemory(), client.usesSharedMemory(), "the new connection uses the run's transport");

        // built-in handles are found again by name; the restarted Manager's objects start afresh
        queue.put(8);
        assertEquals(8, queue.get(Duration.ofSeconds(30)));
        assertFalse(lock.isLocked(), "the lock held in the killed Manager is not held in the new one");
        assertTrue(lock.tryLock());
        lock.unlock();
        assertEquals(1, permits.availablePermits(), "nor is the permit taken in the killed one");
        permits.release(); // README: a release made for it afterwards adds a permit
        assertEquals(2, permits.availablePermits());
        assertNull(map.get("a"));
        map.put("b", 2);
        assertEquals(2, client.map("m").get("b"));
        assertEquals("initial", value.get(), "the value is created again with its initial value");

        // an object hosted on the fly by the killed Manager cannot be reached
        NoSuchObjectException gone = assertThrows(NoSuchObjectException.class, () -> onTheFly.add("y"));
        assertTrue(gone.getMessage().contains("hosted on the fly"), gone.getMessage());
        SharedList<String> fresh = client.shared(Library.class, "library").freshShelf();
        fresh.add("z");
        assertEquals(List.of("z"), fresh.toList());

        // channel handles belong to their Manager; new ones work
        NoSuchObjectException oldChannel = assertThrows(NoSuchObjectException.class,
            () -> oldReceiver.get(new Reconnects.Recorder(), false, null));
        assertTrue(oldChannel.getMessage().contains("open it again"), oldChannel.getMessage());
        TypedIpcException oldSend = assertThrows(TypedIpcException.class, () -> {
          oldProducer.send().text("lost");
          oldProducer.flush();
        });
        // README: "a producer made before it fails too, with ConnectionLostException ("… failed and
        // sends no more") once its sender has seen the connection go, … else with NoSuchObjectException"
        assertTrue(oldSend instanceof NoSuchObjectException
            || oldSend instanceof ConnectionLostException && oldSend.getMessage().contains("failed and sends no more"),
            oldSend.toString());
        try (Receiver<Events> receiver = client.receiver(Events.class, "events")) {
          Producer<Events> producer = client.producer(Events.class, "events");
          producer.send().text("after");
          Reconnects.Recorder seen = new Reconnects.Recorder();
          receiver.get(seen, true, Duration.ofSeconds(30));
          assertEquals(List.of("after"), seen.texts);
          producer.close();
        }

        // a client without reconnect stays lost, as ever
        assertThrows(ConnectionLostException.class, plainService::get);
        assertFalse(plain.isConnected());
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }
}
