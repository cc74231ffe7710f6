package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedLock;
import io.typedipc.example.Options;
import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * LockRaceWorker}), and the lock is a {@link SharedLock} of the Manager. The parent hands each
 * worker the number, the lock and a {@link SharedBarrier} that starts both workers of a round at
 * the same moment, as handles; the worker's delta and {@code n} are its arguments. The race runs
 * twice: first without the lock (the workers are not given it) — reads and writes of the two JVMs
 * interleave and updates are lost, so the result is (almost always) not 0 — then with it, when it
 * is exactly 0.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=sync.LockRace} (options: {@code
 * -Dexample.args="--iterations 2000 --timeout-seconds 120"}): {@code --iterations N} per worker
 * (default 2,000), {@code --timeout-seconds N} (default 120). Exits 0 if the locked round ends at
 * exactly 0.
 */
public final class LockRace {
  private LockRace() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("iterations", "timeout-seconds"));
    int n = options.positiveInt("iterations", 2_000);
    Duration timeout = Duration.ofSeconds(options.positiveInt("timeout-seconds", 120));
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder()
            .address(0)
            .authKey(key)
            .share(Balance.class, "data", new BalanceImpl())     // Python: data = 0
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Balance data = client.shared(Balance.class, "data");
      SharedLock lock = client.lock("lock");                   // Python: lock = threading.Lock(), shared
      System.out.printf("lock race: 2 worker JVMs, one adds 1 and one subtracts 1, %,d times each%n", n);

      int without = round(data, null, client.barrier("start-without-lock", 2), n, timeout);
      int lost = Math.abs(without);
      System.out.printf("without a lock: data = %d (expected 0; %s)%n", without,
          without == 0 ? "no update was lost this time - the race is real but timing-dependent; try more --iterations"
              : "updates were lost: a read and a write of one worker fell between the read and the write of the other");

      data.set(0);
      int with = round(data, lock, client.barrier("start-with-lock", 2), n, timeout);
      boolean pass = with == 0 && without != Integer.MIN_VALUE;
      System.out.printf("with a shared lock: data = %d (expected 0)%n", with);
      System.out.println(pass ? "RESULT: PASS (off by " + lost + " without the lock, exactly 0 with it)" : "RESULT: FAIL");
      System.exit(pass ? 0 : 1);
    }
  }

  /**
   * Runs both workers once, handing them the lock unless it is null; the final value, or
   * Integer.MIN_VALUE if a worker failed.
   */
  private static int round(Balance data, SharedLock lock, SharedBarrier start, int n, Duration timeout)
      throws InterruptedException {
    String mode = lock != null ? "with-lock" : "without-lock";
    ChildProcess a = worker(data, lock, start, +1, n).outputPrefix("[add " + mode + "] ").start();  // a = Thread(target=add, args=(n,))
    ChildProcess s = worker(data, lock, start, -1, n).outputPrefix("[sub " + mode + "] ").start();  // s = Thread(target=sub, args=(n,))
    boolean ok = true;
    Instant deadline = Instant.now().plus(timeout);
    for (ChildProcess p : List.of(a, s)) {                                                          // a.join(); s.join()
      if (!p.join(Duration.between(Instant.now(), deadline))) {
        p.kill();
        System.out.println("a worker JVM did not finish in " + timeout.toSeconds() + " s and was killed");
      }
      ok &= p.join() == 0;
    }
    if (!ok) {
      System.out.println("a worker failed");
      return Integer.MIN_VALUE;
    }
    return data.get();                                                                              // print(data)
  }

  /** A worker adding {@code delta} {@code n} times to {@code data}, holding {@code lock} if given. */
  private static ChildProcess.Builder worker(Balance data, SharedLock lock, SharedBarrier start, int delta, int n) {
    ChildProcess.Builder worker = ChildProcess.builder(LockRaceWorker.class)
        .handle("data", data)
        .handle("start", start)
        .args(Integer.toString(delta), Integer.toString(n));
    return lock != null ? worker.handle("lock", lock) : worker;
  }
}
