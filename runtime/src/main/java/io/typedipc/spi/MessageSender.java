package io.typedipc.spi;

/**
 * Where a generated {@code @Channel} proxy sends its messages: each call writes its arguments
 * straight into the batch being filled, with no argument array and no boxing.
 *
 * <pre>{@code
 * public void cancelled(long orderId, String reason) {
 *   try (MessageWriter message = this.messages.begin(OrderEvents_Binding.CANCELLED)) {
 *     message.writeLong(orderId);
 *     message.writeString(reason);
 *     message.send();
 *   }
 * }
 * }</pre>
 *
 * <p>The runtime's senders of pipes and Manager channels implement this interface besides {@link
 * RemoteObject}; a generated proxy finds it with {@link #of}.
 */
public interface MessageSender {

  /**
   * Starts a message of kind {@code message}: waits, as the sender's contract says, until it may be
   * written (a place in a full channel, a free buffer), writes its header and returns the writer
   * for its arguments. The caller writes every argument, in order, then calls {@link
   * MessageWriter#send()}, and closes the writer whatever happens; a message that is closed without
   * being sent is taken out again, as if never begun.
   *
   * <p>Until the writer is closed it belongs to the calling thread, and a thread-safe sender lets
   * no other thread begin a message.
   *
   * @param message the message kind, from the generated binding
   * @throws IllegalStateException if the calling thread is writing a message to this sender
   *     already, or may not send through it (an exclusive sender owned by another thread)
   * @throws io.typedipc.TypedIpcException (or a subclass) if the message cannot be sent: the sender
   *     is closed, its peer is gone, the channel stayed full
   */
  MessageWriter begin(MethodDescriptor message);

  /**
   * {@code remote} itself if it is a {@code MessageSender}; otherwise a sender that collects each
   * message's arguments, boxed, and passes them to {@link RemoteObject#call} when the message is
   * sent (for a {@code RemoteObject} that only knows calls).
   */
  static MessageSender of(RemoteObject remote) {
    if (remote instanceof MessageSender sender) {
      return sender;
    }
    return new CallingMessageSender(remote);
  }
}
