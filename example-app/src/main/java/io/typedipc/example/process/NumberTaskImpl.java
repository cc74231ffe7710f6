package io.typedipc.example.process;

/** Runs in each worker JVM of {@link PoolApplyAsync}; one task at a time, so no locks. */
public final class NumberTaskImpl implements NumberTask {
  @Override
  public String run(int n) {
    long pid = ProcessHandle.current().pid();
    System.out.println("Start number: " + n + " (worker pid " + pid + ")");
    return "number " + n + " done in worker " + pid;
  }

  @Override
  public int square(int n) {
    return n * n;
  }
}
