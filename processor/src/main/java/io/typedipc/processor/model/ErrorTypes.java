package io.typedipc.processor.model;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Finds types javac could not resolve (yet): such interfaces are deferred to the next round,
 * because another processor may generate the missing types.
 */
public final class ErrorTypes {
  private ErrorTypes() {}

  /** Whether the interface's super-types or method signatures mention an unresolved type. */
  public static boolean mentionsErrorType(TypeElement type, Elements elements) {
    for (TypeMirror superType : type.getInterfaces()) {
      if (isOrContainsError(superType)) {
        return true;
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (isOrContainsError(method.getReturnType())) {
        return true;
      }
      for (VariableElement parameter : method.getParameters()) {
        if (isOrContainsError(parameter.asType())) {
          return true;
        }
      }
      for (TypeMirror thrown : method.getThrownTypes()) {
        if (isOrContainsError(thrown)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isOrContainsError(TypeMirror type) {
    if (type == null) {
      return false;
    }
    switch (type.getKind()) {
      case ERROR:
        return true;
      case ARRAY:
        return isOrContainsError(((ArrayType) type).getComponentType());
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return isOrContainsError(wildcard.getExtendsBound())
            || isOrContainsError(wildcard.getSuperBound());
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (isOrContainsError(argument)) {
            return true;
          }
        }
        return false;
      default:
        return type.getKind() == TypeKind.ERROR;
    }
  }
}
