package io.typedipc.process;

import io.typedipc.annotation.Shared;
import io.typedipc.it.OutOfStockException;

/** What the pool tests' workers do. */
@Shared
public interface PoolTasks {
  int square(int x);

  /** The worker JVM's process id. */
  long pid();

  /** What the initializer left, or "none". */
  String initialized();

  /** Throws an unchecked exception in the worker. */
  int failUnchecked(String message);

  /** Throws the declared exception when asked for more than 10. */
  int reserve(int quantity) throws OutOfStockException;

  /** Writes the worker's pid to {@code marker}, then never returns. */
  int hangAfterMarking(String marker);

  /** The first time (no {@code marker} file yet): writes its pid there and halts the JVM. Then 42. */
  int crashOnce(String marker);

  /** Sleeps {@code millis}, then returns {@code x * x}; counted by {@link #slowCalls()}. */
  int slowSquare(int x, long millis);

  /** How many times this worker ran {@link #slowSquare}. */
  int slowCalls();
}
