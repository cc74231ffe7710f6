package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.util.Map;
import java.util.Set;

/**
 * The lock race of the seeds, across JVMs: one worker adds 1 to a shared number N times, another
 * subtracts 1 N times; the result must be 0.
 *
 * <pre>{@code
 * lock = threading.Lock()
 * data = 0
 * def add(n):
 *     global data
 *     for i in range(n):
 *         lock.acquire()
 *         data += 1
 *         lock.release()
 * def sub(n): ...data -= 1...
 * a = Thread(target=add, args=(n,)); s = Thread(target=sub, args=(n,))
 * a.start(); s.start(); a.join(); s.join()
 * print(data)   # 0
 * }</pre>
 *
 * <p>Here the number is a {@link Balance} in a Manager, the two workers are separate JVMs ({@link
 * LockRaceWorker}), and the lock is a {@link io.typedipc.builtin.SharedLock} created with the
 * Manager. The race runs twice: first without the lock — reads and writes of the two JVMs
 * interleave and updates are lost, so the result is (almost always) not 0 — then with it, when it
 * is exactly 0. A shared {@link io.typedipc.builtin.SharedBarrier} starts both workers of a round
 * at the same moment.
 *
 * <p>Options: {@code --iterations N} per worker (default 2,000), {@code --timeout-seconds N}
 * (default 120). Exits 0 if the locked round ends at exactly 0.
 */
public final class LockRace {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = Workers.options(args, Set.of("iterations", "timeout-seconds"));
    int n = Workers.positive(options, "iterations", 2_000);
    int timeout = Workers.positive(options, "timeout-seconds", 120);
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder()
            .address(0)
            .authKey(key)
            .share(Balance.class, "data", new BalanceImpl())
            .lock("lock")                                  // Python: threading.Lock(), shared
            .barrier("start-without-lock", 2)
            .barrier("start-with-lock", 2)
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Balance data = client.shared(Balance.class, "data");
      System.out.printf("lock race: 2 worker JVMs, one adds 1 and one subtracts 1, %,d times each%n", n);

      int without = round(manager.port(), key, n, false, timeout);
      int lost = Math.abs(without);
      System.out.printf("without a lock: data = %d (expected 0; %s)%n", without,
          without == 0 ? "no update was lost this time - the race is real but timing-dependent; try more --iterations"
              : "updates were lost: a read and a write of one worker fell between the read and the write of the other");

      data.set(0);
      int with = round(manager.port(), key, n, true, timeout);
      boolean pass = with == 0 && without != Integer.MIN_VALUE;
      System.out.printf("with a shared lock: data = %d (expected 0)%n", with);
      System.out.println(pass ? "RESULT: PASS (off by " + lost + " without the lock, exactly 0 with it)" : "RESULT: FAIL");
      System.exit(pass ? 0 : 1);
    }
  }

  /** Runs both workers once; the final value, or Integer.MIN_VALUE if a worker failed. */
  private static int round(int port, AuthKey key, int n, boolean locked, int timeout) throws Exception {
    Workers workers = new Workers();
    String mode = locked ? "with-lock" : "without-lock";
    workers.start("add " + mode, LockRaceWorker.class, key, "--port", "" + port, "--delta", "1", "--iterations", "" + n, "--lock", locked ? "1" : "0");
    workers.start("sub " + mode, LockRaceWorker.class, key, "--port", "" + port, "--delta", "-1", "--iterations", "" + n, "--lock", locked ? "1" : "0");
    if (!workers.joinAll(timeout)) {
      System.out.println("a worker failed");
      return Integer.MIN_VALUE;
    }
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
      return client.shared(Balance.class, "data").get();
    }
  }
}
