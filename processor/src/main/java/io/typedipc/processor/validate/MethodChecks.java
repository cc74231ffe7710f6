package io.typedipc.processor.validate;

import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import io.typedipc.processor.model.ParameterModel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** The checks that {@code @Shared} and {@code @Channel} methods have in common. */
final class MethodChecks {
  private static final Consumer<TypeMirror> IGNORE = t -> {};

  private final CrossingTypeChecker checker;

  MethodChecks(CrossingTypeChecker checker) {
    this.checker = checker;
  }

  /**
   * Reports a generic method and returns {@code false}, so that the caller skips the rest of its
   * checks (its types mention the method's own type variables).
   */
  boolean checkNotGeneric(InterfaceModel model, MethodModel method, ValidationReport report) {
    if (!method.isGeneric()) {
      return true;
    }
    String typeParameters =
        method.element().getTypeParameters().stream()
            .map(Object::toString)
            .collect(Collectors.joining(", ", "<", ">"));
    report.add(
        Diagnostic.error(
            target(model, method, method.element()),
            Message.GENERIC_METHOD,
            describe(model, method),
            typeParameters));
    return false;
  }

  /** Reports a method the proxy cannot implement as a remote method: {@code finalize()}. */
  void checkName(InterfaceModel model, MethodModel method, ValidationReport report) {
    if (method.name().equals("finalize") && method.parameters().isEmpty()) {
      report.add(
          Diagnostic.error(
              target(model, method, method.element()), Message.FINALIZE, describe(model, method)));
    }
  }

  /** Checks that every parameter type can cross. */
  void checkParameters(InterfaceModel model, MethodModel method, ValidationReport report) {
    for (ParameterModel parameter : method.parameters()) {
      Problem problem = checker.check(parameter.type(), IGNORE);
      if (problem != null) {
        String where =
            "parameter '" + parameter.name() + "' of " + method.name() + inherited(model, method);
        report.add(error(target(model, method, parameter.element()), problem.format(where)));
      }
    }
  }

  /** Checks that the result type (or the future's result type) can cross. */
  void checkResult(InterfaceModel model, MethodModel method, ValidationReport report) {
    Problem problem = checkResult(method, IGNORE);
    if (problem != null) {
      String where = "return type of " + method.name() + inherited(model, method);
      report.add(error(target(model, method, method.element()), problem.format(where)));
    }
  }

  /** Checks the result, reporting its wire types; {@code null} if it can cross. */
  Problem checkResult(MethodModel method, Consumer<TypeMirror> wireTypes) {
    TypeMirror result = method.resultType();
    if (method.async()) {
      // the future itself never crosses; its type argument does
      if (CrossingTypeChecker.isVoidObject(result)) {
        return null;
      }
      DeclaredType future = (DeclaredType) method.returnType();
      if (future.getTypeArguments().isEmpty()) {
        return new Problem(
            Message.RAW_TYPE, future.toString(), future.asElement().asType().toString());
      }
      return checker.check(result, "result type " + result + " of " + future, wireTypes);
    }
    if (result.getKind() == TypeKind.VOID) {
      return null;
    }
    return checker.check(result, wireTypes);
  }

  /** Reports two methods with the same wire id, on the second. */
  void checkIds(InterfaceModel model, ValidationReport report) {
    Map<Integer, MethodModel> seen = new HashMap<>();
    for (MethodModel method : model.methods()) {
      MethodModel first = seen.putIfAbsent(method.id(), method);
      if (first != null) {
        report.add(
            Diagnostic.error(
                target(model, method, method.element()),
                Message.DUPLICATE_ID,
                describe(model, method),
                method.id(),
                first.identity()));
      }
    }
  }

  /** "method reserve(java.lang.String,int)", plus where it is inherited from. */
  static String describe(InterfaceModel model, MethodModel method) {
    return "method " + method.identity() + inherited(model, method);
  }

  /** Empty for the interface's own methods, " (inherited from p.Base)" for the others. */
  static String inherited(InterfaceModel model, MethodModel method) {
    return isOwn(model, method)
        ? ""
        : " (inherited from " + method.declaringType().getQualifiedName() + ")";
  }

  /**
   * The element to report on: {@code preferred} when the method is declared by the annotated
   * interface, the interface itself when the method is inherited (the message names the method).
   */
  static Element target(InterfaceModel model, MethodModel method, Element preferred) {
    return isOwn(model, method) ? preferred : model.element();
  }

  private static boolean isOwn(InterfaceModel model, MethodModel method) {
    return method.declaringType().equals(model.element());
  }

  private static Diagnostic error(Element element, String message) {
    return new Diagnostic(javax.tools.Diagnostic.Kind.ERROR, element, message);
  }
}
