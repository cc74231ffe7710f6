package io.typedipc.builtin;

/**
 * A semaphore that refuses to rise above its initial value — Python's {@code
 * Manager().BoundedSemaphore(value)}. Everything else is as for {@link SharedSemaphore}.
 */
public interface SharedBoundedSemaphore extends SharedSemaphore {

  /**
   * Gives back one permit.
   *
   * @throws IllegalStateException if that would raise the available permits above the initial
   *     value (Python's {@code ValueError}); nothing is released then
   */
  @Override
  void release();

  /**
   * Gives back {@code permits} permits.
   *
   * @throws IllegalStateException if that would raise the available permits above the initial
   *     value; nothing is released then
   * @throws IllegalArgumentException if {@code permits} is below 1
   */
  @Override
  void release(int permits);
}
