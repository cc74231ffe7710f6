package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The implementation side of a method returning {@code CompletableFuture}, as the README states
 * it: the implementation may complete the future before returning it or at any time later, on
 * any thread (also in a later call to the same object); the object's one-call-at-a-time rule
 * covers the method bodies, not the pending futures, so other calls to the object run while one
 * is pending; an exceptional completion reaches the caller like a thrown exception; returning
 * {@code null} is a clear error. The Manager runs in its own JVM.
 */
@Timeout(120)
class AsyncContractTest {
  private static ChildJvm managerJvm;
  private static ManagerClient client;
  private static Deferred deferred;

  @BeforeAll
  static void start() throws Exception {
    AuthKey key = AuthKey.generate();
    managerJvm = ChildJvm.start(DeferredManagerMain.class, key);
    int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
    client = ManagerClient.connect("127.0.0.1", port, key);
    deferred = client.shared(Deferred.class, "deferred");
  }

  @AfterAll
  static void stop() {
    client.close();
    managerJvm.close();
  }

  @Test
  void aFutureCompletedInALaterCallToTheSameObjectAnswersItsCaller() throws Exception {
    CompletableFuture<String> first = deferred.await("k1");
    CompletableFuture<String> second = deferred.await("k1");
    // both bodies returned: the object takes further calls while the futures are pending
    assertEquals(0, deferred.complete("other", "x"));
    assertFalse(first.isDone());
    assertEquals(2, deferred.complete("k1", "done"));
    assertEquals("done", first.get(30, TimeUnit.SECONDS));
    assertEquals("done", second.get(30, TimeUnit.SECONDS));
  }

  @Test
  void completedNowOrOnAnotherThreadLater() throws Exception {
    assertEquals("at once", deferred.now("at once").get(30, TimeUnit.SECONDS));
    assertEquals("later", deferred.onAnotherThread(200, "later").get(30, TimeUnit.SECONDS));
  }

  @Test
  void anExceptionalCompletionReachesTheCallerAsARemoteException() throws Exception {
    CompletableFuture<String> f = deferred.await("bad");
    assertEquals(1, deferred.fail("bad", "no such thing"));
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
    RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
    assertEquals(IllegalStateException.class.getName(), remote.remoteType());
    assertEquals("no such thing", remote.remoteMessage());
  }

  @Test
  void returningNullInsteadOfAFutureIsAClearError() {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> deferred.nothing().get(30, TimeUnit.SECONDS));
    RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
    assertEquals(NullPointerException.class.getName(), remote.remoteType());
    assertTrue(remote.remoteMessage().contains("returned null instead of a future"), remote.remoteMessage());
  }

  @Test
  void bodiesRunOneAtATimeWhileFuturesArePending() throws Exception {
    List<CompletableFuture<?>> all = new ArrayList<>();
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String key = "many" + t;
      callers.add(Background.run(() -> {
        for (int i = 0; i < 50; i++) {
          synchronized (all) {
            all.add(deferred.await(key));
          }
          deferred.now("x");
        }
        try { // this thread's calls arrive in order: when its last is answered, all its awaits ran
          deferred.now("end").get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }));
    }
    for (CompletableFuture<Void> c : callers) {
      c.get(60, TimeUnit.SECONDS);
    }
    for (int t = 0; t < 4; t++) {
      assertEquals(50, deferred.complete("many" + t, "ok"));
    }
    for (CompletableFuture<?> f : all) {
      assertEquals("ok", f.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, deferred.maxRunningAtOnce());
  }
}
