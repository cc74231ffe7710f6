package io.typedipc.example.sync;

import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedLock;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;

/**
 * One worker of {@link LockRace}, in a JVM of its own — Python's {@code add(n)} or {@code sub(n)}:
 * {@code data += delta}, {@code n} times, as a read and a write, holding the shared lock around
 * each if the parent handed it one. Handles: {@code data} (a {@link Balance}), {@code start} (the
 * round's barrier), {@code lock} (only in the locked round); arguments: the delta and {@code n}.
 */
public final class LockRaceWorker implements ProcessEntry {
  @Override
  public void run(ChildContext ctx) throws Exception {
    int delta = Integer.parseInt(ctx.args().get(0));
    int n = Integer.parseInt(ctx.args().get(1));
    Balance data = ctx.shared(Balance.class, "data");
    SharedLock lock = ctx.handleNames().contains("lock") ? ctx.shared(SharedLock.class, "lock") : null;
    ctx.shared(SharedBarrier.class, "start").await(Duration.ofSeconds(60));
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (lock != null) {
        lock.lock();                 // Python: lock.acquire()
        try {
          data.set(data.get() + delta);
        } finally {
          lock.unlock();             // Python: lock.release()
        }
      } else {
        data.set(data.get() + delta);
      }
    }
    System.out.printf("%s %,d times %s in %d ms%n", delta > 0 ? "added 1" : "subtracted 1", n,
        lock != null ? "holding the lock" : "without a lock", (System.nanoTime() - start) / 1_000_000);
  }
}
