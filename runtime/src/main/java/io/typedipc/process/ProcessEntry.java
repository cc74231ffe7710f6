package io.typedipc.process;

/**
 * The typed entry point of a child JVM — the {@code target} of Python's {@code
 * Process(target=f, args=(d, l))}.
 *
 * <pre>{@code
 * public final class Worker implements ProcessEntry {
 *   public void run(ChildContext ctx) {
 *     Counter counter = ctx.shared(Counter.class, "counter");   // a proxy, no wiring
 *     counter.increment();
 *   }
 * }
 *
 * ChildProcess child = ChildProcess.builder(Worker.class).handle("counter", counter).start();
 * child.join();
 * }</pre>
 *
 * <p>The class needs a no-arg constructor (it is created with it in the child JVM) and must be a
 * top-level or static nested class. When {@link #run} returns the child exits with status 0; when
 * it throws, the stack trace goes to the child's stderr and the child exits with status {@link
 * ChildProcess#EXIT_ENTRY_FAILED}.
 */
@FunctionalInterface
public interface ProcessEntry {

  /**
   * Runs in the child JVM.
   *
   * @param ctx the handles and arguments the parent gave; the same as {@link ChildContext#current()}
   * @throws Exception anything; it makes the child exit with {@link ChildProcess#EXIT_ENTRY_FAILED}
   */
  void run(ChildContext ctx) throws Exception;
}
