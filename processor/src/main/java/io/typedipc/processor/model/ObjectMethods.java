package io.typedipc.processor.model;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Recognises methods that belong to {@code java.lang.Object}, which are never remote. */
public final class ObjectMethods {
  private ObjectMethods() {}

  /**
   * Whether {@code method} is declared by {@code Object} or redeclares one of its public methods
   * ({@code equals(Object)}, {@code hashCode()}, {@code toString()}).
   */
  public static boolean isObjectMethod(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (owner.getQualifiedName().contentEquals("java.lang.Object")) {
      return true;
    }
    String name = method.getSimpleName().toString();
    int arity = method.getParameters().size();
    if (arity == 0) {
      return name.equals("hashCode") || name.equals("toString");
    }
    return arity == 1
        && name.equals("equals")
        && TypeStrings.of(method.getParameters().get(0).asType()).equals("java.lang.Object");
  }
}
