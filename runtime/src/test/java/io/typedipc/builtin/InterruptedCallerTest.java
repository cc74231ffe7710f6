package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.background;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.ManagerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread whose interrupt status is set calls built-ins as java.util.concurrent's objects would
 * let it: a call that does not wait (size, tryLock, offer) works and keeps the status, an
 * interruptible wait throws InterruptedException — also when it is the thread's first call, for
 * which the client opens another connection (that once failed with a ConnectionLostException
 * "cannot open another connection … : null", the connect having been interrupted).
 */
@Timeout(60)
class InterruptedCallerTest {
  @Test
  void aThreadWithItsInterruptStatusSetMakesItsFirstCallsAsJavaUtilConcurrentWould() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedMap<String, Integer> map = client.map("m");
      map.put("k", 1);
      SharedLock lock = client.lock("l");
      SharedQueue<String> queue = client.queue("q", String.class);
      List<String> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // threads of their own: each a first call on a connection not yet open
        results.add(background(() -> {
          Thread.currentThread().interrupt();
          StringBuilder r = new StringBuilder();
          try {
            r.append("size=").append(map.size());
            r.append(" tryLock=").append(lock.tryLock());
            lock.unlock();
            r.append(" offer=").append(queue.offer("x"));
            r.append(" interrupted=").append(Thread.currentThread().isInterrupted());
            try {
              lock.lockInterruptibly();
              r.append(" lockInterruptibly returned");
              lock.unlock();
            } catch (InterruptedException e) {
              r.append(" lockInterruptibly threw InterruptedException");
            }
          } catch (Throwable e) {
            r.append(" threw ").append(e);
          }
          return r.toString();
        }).get(30, TimeUnit.SECONDS));
      }
      String expected = "size=1 tryLock=true offer=true interrupted=true lockInterruptibly threw InterruptedException";
      assertEquals(List.of(expected, expected, expected), results);
      assertEquals(3, queue.size());
    }
  }
}
