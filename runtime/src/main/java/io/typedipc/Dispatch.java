package io.typedipc;

/**
 * How a Manager runs the calls to one shared object.
 *
 * @see Manager.Builder#share(Class, String, Object, Dispatch)
 */
public enum Dispatch {
  /**
   * The default: calls run one at a time, in the order they arrive, whatever client or thread sent
   * them. A plain, non-thread-safe implementation is safe, and a read-modify-write inside one
   * method never loses an update.
   */
  SERIAL,

  /**
   * Calls may run at the same time on different threads. Only for implementations that are
   * thread-safe themselves; calls that do not wait for each other get more throughput.
   */
  CONCURRENT
}
