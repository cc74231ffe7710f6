package io.typedipc.example.process;

import io.typedipc.annotation.Shared;

/**
 * The work of the {@link PoolApplyAsync} workers: the seed's {@code run(n)}, now a method of a
 * {@code @Shared} interface that every worker JVM implements.
 */
@Shared
public interface NumberTask {
  /** Python: {@code def run(n): print("Start number: %s" % n)}; returns what it did. */
  String run(int n);

  /** {@code n * n}, for {@code map}. */
  int square(int n);
}
