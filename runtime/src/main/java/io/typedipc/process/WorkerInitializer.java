package io.typedipc.process;

/**
 * Runs once in each worker JVM of a {@link WorkerPool}, before the worker takes its first task
 * (Python's {@code Pool(initializer=...)}).
 *
 * <p>The class needs a no-arg constructor and must be a top-level or static nested class. It may
 * use {@link ChildContext#current()} to reach handles given with {@link
 * WorkerPool.Builder#jvm}. An exception stops the worker before it is ready; the task waiting for
 * it fails with {@link WorkerDiedException}.
 *
 * @param <W> the pool's worker interface
 */
@FunctionalInterface
public interface WorkerInitializer<W> {

  /** Prepares {@code worker}, the worker JVM's one instance of the implementation class. */
  void initialize(W worker) throws Exception;
}
