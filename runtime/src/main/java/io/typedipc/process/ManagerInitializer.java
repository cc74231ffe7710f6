package io.typedipc.process;

import io.typedipc.Manager;

/**
 * Runs in the JVM of a {@link ManagerProcess} before its Manager starts, to share the objects
 * (Python's {@code BaseManager.register(...)} before {@code manager.start()}).
 *
 * <pre>{@code
 * public final class Shares implements ManagerInitializer {
 *   public void initialize(Manager.Builder builder) {
 *     builder.share(Counter.class, "counter", new CounterImpl());
 *   }
 * }
 * }</pre>
 *
 * <p>The class needs a no-arg constructor and must be a top-level or static nested class. The
 * address and auth key are set by {@link ManagerProcess}; an initializer may change other settings
 * ({@code register}, {@code maxFrameSize}, …).
 */
@FunctionalInterface
public interface ManagerInitializer {

  /** Shares objects on {@code builder}; an exception stops the Manager JVM before it is ready. */
  void initialize(Manager.Builder builder) throws Exception;
}
