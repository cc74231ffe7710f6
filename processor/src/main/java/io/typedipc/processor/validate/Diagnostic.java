package io.typedipc.processor.validate;

import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * One message about one element.
 *
 * @param kind error or warning
 * @param element where the compiler shows it
 * @param message the formatted text, starting with its tag
 */
public record Diagnostic(Kind kind, Element element, String message) {

  /** An error on {@code element}. */
  public static Diagnostic error(Element element, Message message, Object... args) {
    return new Diagnostic(Kind.ERROR, element, message.format(args));
  }
}
