package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README: "Sync calls block until the result, the exception or the deadline (client default
 * 30 s)", and ManagerClient.Builder.callTimeout: "The default deadline of every synchronous and
 * asynchronous call". A client built without callTimeout: a sync call and an async call to methods
 * that take ten minutes both fail with CallTimeoutException after 30 s, not before, and within a further 30 s. (The other
 * tests set short deadlines; none held the default.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DefaultCallTimeoutTest {
  private static final long DEFAULT_MILLIS = 30_000;
  /** Far past the deadline: even after a long pause of this JVM (the lead's measurements stop it), the result is not due. */
  private static final long SLOW_MILLIS = 600_000;

  @Test
  void syncAndAsyncCallsHaveAThirtySecondDeadlineByDefault() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).closeTimeout(Duration.ofSeconds(1))
            .share(TestService.class, "sync", new TestServiceImpl()).share(TestService.class, "async", new TestServiceImpl()).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect()) {
      TestService sync = client.shared(TestService.class, "sync");
      TestService async = client.shared(TestService.class, "async");
      long start = System.nanoTime();
      CompletableFuture<String> later = async.later(SLOW_MILLIS, "late");
      CompletableFuture<Long> asyncFailedAfter = later.handle((v, e) -> {
        assertInstanceOf(CallTimeoutException.class, e instanceof java.util.concurrent.CompletionException ? e.getCause() : e,
            "the async call: " + v + " / " + e);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      });
      assertThrows(CallTimeoutException.class, () -> sync.sleep(SLOW_MILLIS));
      long syncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long asyncMillis;
      try {
        asyncMillis = asyncFailedAfter.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new AssertionError(e.getCause());
      }
      System.out.println("default deadline: the sync call failed after " + syncMillis + " ms, the async one after "
          + asyncMillis + " ms");
      // 30 s of margin above, for a pause of this JVM: a default of a minute or more fails here
      assertTrue(syncMillis >= DEFAULT_MILLIS && syncMillis < DEFAULT_MILLIS + 30_000,
          "the sync call failed after " + syncMillis + " ms");
      assertTrue(asyncMillis >= DEFAULT_MILLIS && asyncMillis < DEFAULT_MILLIS + 30_000,
          "the async call failed after " + asyncMillis + " ms");
    }
  }
}
