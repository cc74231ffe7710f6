package io.typedipc.processor.validate;

import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic.Kind;

/**
 * One message about one element.
 *
 * @param kind error or warning
 * @param element where the compiler shows it
 * @param message the formatted text, starting with its tag
 * @param thrown for a message about a declared exception, that exception: the compiler then shows
 *     it on the exception's name in the method's {@code throws} clause when it can; else {@code
 *     null}
 */
public record Diagnostic(Kind kind, Element element, String message, TypeMirror thrown) {

  /** A message on the element itself. */
  public Diagnostic(Kind kind, Element element, String message) {
    this(kind, element, message, null);
  }

  /** An error on {@code element}. */
  public static Diagnostic error(Element element, Message message, Object... args) {
    return new Diagnostic(Kind.ERROR, element, message.format(args));
  }
}
