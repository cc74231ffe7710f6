package io.typedipc.processor.write;

import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import io.typedipc.processor.model.ParameterModel;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Whether generated code refers to deprecated elements (the interface, a method, a type in a
 * signature, a wire class): then it must suppress the warnings the user already accepted.
 */
final class Deprecations {
  private final Elements elements;

  Deprecations(Elements elements) {
    this.elements = elements;
  }

  boolean mentionsDeprecated(InterfaceModel model) {
    if (elements.isDeprecated(model.element())) {
      return true;
    }
    Set<TypeMirror> seen = new HashSet<>();
    for (MethodModel method : model.methods()) {
      // the proxy overrides every declaration, deprecated on one path or not
      if (method.declarations().stream().anyMatch(elements::isDeprecated)
          || isOrContainsDeprecated(method.returnType(), seen)) {
        return true;
      }
      for (ParameterModel parameter : method.parameters()) {
        if (isOrContainsDeprecated(parameter.type(), seen)) {
          return true;
        }
      }
      for (TypeMirror thrown : method.thrownTypes()) {
        if (isOrContainsDeprecated(thrown, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  boolean isDeprecated(Element element) {
    return elements.isDeprecated(element);
  }

  private boolean isOrContainsDeprecated(TypeMirror type, Set<TypeMirror> seen) {
    if (type.getKind() == TypeKind.ARRAY) {
      return isOrContainsDeprecated(((ArrayType) type).getComponentType(), seen);
    }
    if (type.getKind() != TypeKind.DECLARED || !seen.add(type)) {
      return false;
    }
    DeclaredType declared = (DeclaredType) type;
    if (elements.isDeprecated(declared.asElement())) {
      return true;
    }
    for (TypeMirror argument : declared.getTypeArguments()) {
      if (isOrContainsDeprecated(argument, seen)) {
        return true;
      }
    }
    return false;
  }
}
