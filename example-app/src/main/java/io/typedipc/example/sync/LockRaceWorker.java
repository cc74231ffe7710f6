package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import io.typedipc.example.Demo;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One worker of {@link LockRace}: {@code data += delta}, {@code --iterations} times, as a read and
 * a write, holding the shared lock around each if {@code --lock 1}.
 */
public final class LockRaceWorker {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = Workers.options(args, Set.of("port", "delta", "iterations", "lock"));
    int delta = Integer.parseInt(options.get("delta"));
    int n = Workers.positive(options, "iterations", 1);
    boolean locked = "1".equals(options.get("lock"));
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(options.get("port")),
        AuthKey.fromEnvironment(Demo.AUTH_KEY_VARIABLE))) {
      Balance data = client.shared(Balance.class, "data");
      SharedLock lock = client.lock("lock");
      client.barrier(locked ? "start-with-lock" : "start-without-lock", 2).await(Duration.ofSeconds(60));
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (locked) {
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
          locked ? "holding the lock" : "without a lock", (System.nanoTime() - start) / 1_000_000);
    }
  }
}
