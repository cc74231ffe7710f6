package io.typedipc.processor.validate;

import io.typedipc.processor.model.TypedIpcAnnotations;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * Checks the annotated type itself: that it is an interface, carries only one typedipc annotation
 * and can be seen by the classes generated beside it.
 */
public final class TypeValidator {

  /**
   * Validates {@code element}, annotated with {@code annotation} ({@code "Shared"} or {@code
   * "Channel"}).
   */
  public ValidationReport validate(Element element, String annotation) {
    ValidationReport report = new ValidationReport();
    String name = element.getSimpleName().toString();
    if (TypedIpcAnnotations.has(element, TypedIpcAnnotations.SHARED)
        && TypedIpcAnnotations.has(element, TypedIpcAnnotations.CHANNEL)) {
      return report.add(Diagnostic.error(element, Message.SHARED_AND_CHANNEL, name));
    }
    if (element.getKind() != ElementKind.INTERFACE) {
      return report.add(
          Diagnostic.error(element, Message.NOT_INTERFACE, annotation, name, kind(element)));
    }
    for (Element e = element; e instanceof TypeElement; e = e.getEnclosingElement()) {
      NestingKind nesting = ((TypeElement) e).getNestingKind();
      if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
        return report.add(Diagnostic.error(element, Message.LOCAL_TYPE, annotation, name));
      }
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        String why = e == element ? "is private" : "is nested in private type " + e.getSimpleName();
        return report.add(Diagnostic.error(element, Message.PRIVATE_TYPE, annotation, name, why));
      }
    }
    return report;
  }

  private static String kind(Element element) {
    switch (element.getKind()) {
      case ENUM:
        return "an enum";
      case RECORD:
        return "a record";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return "a class";
    }
  }
}
