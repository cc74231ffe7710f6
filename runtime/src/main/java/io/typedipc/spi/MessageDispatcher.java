package io.typedipc.spi;

/**
 * Consumer-side stub of a {@code @Channel} interface that reads each message's arguments straight
 * from its batch and calls the consumer's handler: no argument array, no boxing. Generated {@code
 * Foo_Dispatcher}s of {@code @Channel} interfaces implement it besides {@link Dispatcher}, and the
 * runtime uses it whenever a dispatcher does.
 *
 * <pre>{@code
 * case 0x1a2b3c4d -> { // cancelled(long,java.lang.String)
 *   long orderId = message.readLong();
 *   String reason = message.readString();
 *   message.end();
 *   this.target.cancelled(orderId, reason);
 * }
 * }</pre>
 */
public interface MessageDispatcher {

  /**
   * Reads the arguments of one message and calls the handler with them.
   *
   * @param methodId the message's method id; the runtime checks it is one of the interface's
   *     before calling
   * @param message positioned at the message's first argument
   * @throws io.typedipc.ProtocolException if the message is malformed (thrown before the handler
   *     is called)
   * @throws RuntimeException whatever the handler throws, unchanged
   */
  void deliver(int methodId, MessageReader message);
}
