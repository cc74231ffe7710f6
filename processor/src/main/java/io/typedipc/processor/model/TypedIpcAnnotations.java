package io.typedipc.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Finds the typedipc annotations on elements. */
public final class TypedIpcAnnotations {
  // Names, not class literals: the processor must load without the annotations jar on its path.
  /** Canonical name of {@code io.typedipc.annotation.Shared}. */
  public static final String SHARED = "io.typedipc.annotation.Shared";
  /** Canonical name of {@code io.typedipc.annotation.Channel}. */
  public static final String CHANNEL = "io.typedipc.annotation.Channel";

  private TypedIpcAnnotations() {}

  /** Whether {@code element} carries the annotation with the given canonical name. */
  public static boolean has(Element element, String annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotation)) {
        return true;
      }
    }
    return false;
  }

  /** The simple name ({@code Shared} or {@code Channel}) of the typedipc annotation on the type. */
  public static String simpleNameOn(Element element) {
    return has(element, SHARED) ? "Shared" : has(element, CHANNEL) ? "Channel" : null;
  }
}
