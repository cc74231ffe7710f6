package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the dependent actions of an async call's future run, as the README says: on the thread
 * that read the reply, so a synchronous call to the Manager from one works, one that blocks holds
 * up the replies of its connection (and only of its connection), and one handed to an executor
 * with a {@code *Async} method holds up nothing. The Manager runs in its own JVM.
 */
@Timeout(120)
class AsyncCallbacksTest {
  private static final long SECONDS = 30;
  private static ChildJvm managerJvm;
  private static AuthKey key;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    managerJvm.close();
  }

  /** A client with one connection: every call shares its reader. */
  private static ManagerClient oneConnection() {
    return TestTransport.checked(TestTransport.client(
        ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1)).connect());
  }

  @Test
  void aCallbackMayCallTheManagerSynchronouslyOnItsOwnConnection() throws Exception {
    try (ManagerClient client = oneConnection()) {
      TestService service = client.shared(TestService.class, "service");
      for (int i = 0; i < 50; i++) {
        String token = "t" + i;
        assertEquals("t" + i, service.later(0, token).thenApply(service::echo).get(SECONDS, TimeUnit.SECONDS));
      }
      CompletableFuture<String> chained = service.later(0, "a")
          .thenApply(v -> v + service.echo("b"))
          .thenCompose(v -> service.later(0, v + "c"));
      assertEquals("abc", chained.get(SECONDS, TimeUnit.SECONDS));
    }
  }

  @Test
  void aCallbackThatBlocksHoldsUpTheRepliesOfItsConnectionOnly() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ManagerClient blocked = oneConnection(); ManagerClient other = oneConnection()) {
      TestService service = blocked.shared(TestService.class, "service");
      TestService elsewhere = other.shared(TestService.class, "service");
      TestService counter = blocked.shared(TestService.class, "other"); // looked up before the reader blocks
      TestService counterElsewhere = other.shared(TestService.class, "other");
      CompletableFuture<String> blocking = service.later(0, "first").thenApply(waitFor(running, release));
      assertTrue(running.await(SECONDS, TimeUnit.SECONDS), "the callback runs");

      int before = counterElsewhere.get();
      CompletableFuture<Integer> held = counter.incrementAsync(); // answered at once by the Manager
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      while (counterElsewhere.get() == before) { // another connection is answered meanwhile
        assertTrue(System.nanoTime() < deadline, "the Manager never ran the second call");
      }
      assertEquals("elsewhere", elsewhere.later(0, "elsewhere").get(SECONDS, TimeUnit.SECONDS));
      // the Manager ran the second call and sent its reply; the connection's reader, running the
      // blocked callback, has not read it
      assertFalse(held.isDone(), "a reply was read while the connection's reader ran a blocked callback");

      release.countDown();
      assertEquals("first", blocking.get(SECONDS, TimeUnit.SECONDS));
      assertEquals(before + 1, held.get(SECONDS, TimeUnit.SECONDS));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aCallbackHandedToAnExecutorHoldsUpNothing() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ManagerClient client = oneConnection()) {
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<String> blocking = service.later(0, "first")
          .thenApplyAsync(waitFor(running, release), TestThreads.EACH);
      assertTrue(running.await(SECONDS, TimeUnit.SECONDS), "the callback runs");

      assertEquals("second", service.later(0, "second").get(SECONDS, TimeUnit.SECONDS));
      assertEquals("sync", service.echo("sync"));
      assertFalse(blocking.isDone());

      release.countDown();
      assertEquals("first", blocking.get(SECONDS, TimeUnit.SECONDS));
    } finally {
      release.countDown();
    }
  }

  /** A callback that says it runs, then waits until released, then passes its value on. */
  private static Function<String, String> waitFor(CountDownLatch running, CountDownLatch release) {
    return v -> {
      running.countDown();
      try {
        if (!release.await(SECONDS * 2, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return v;
    };
  }
}
