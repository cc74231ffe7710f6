package io.typedipc.processor.validate;

/**
 * A type that cannot cross the process boundary, found somewhere inside a parameter, result or
 * exception type.
 *
 * @param message what kind of problem
 * @param what the offending type and where it sits, e.g. {@code element type java.lang.Object of
 *     java.util.List<java.lang.Object>} or {@code field Order.customer (java.lang.Thread)}
 * @param extra a further argument of {@code message}, if its format takes one
 */
public record Problem(Message message, String what, String extra) {

  /** Formats the problem for the element described by {@code where}. */
  public String format(String where) {
    return extra == null ? message.format(where, what) : message.format(where, what, extra);
  }
}
