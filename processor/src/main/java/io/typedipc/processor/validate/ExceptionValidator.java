package io.typedipc.processor.validate;

import io.typedipc.processor.model.ExceptionModel;
import io.typedipc.processor.model.ExceptionModel.Field;
import io.typedipc.processor.model.ExceptionReader;
import io.typedipc.processor.model.InterfaceModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reports a declared exception that the client cannot rebuild faithfully (see {@link
 * io.typedipc.processor.model.ExceptionReader} for the rules): the first thing that stops it, with
 * what to change.
 */
final class ExceptionValidator {
  private final Elements elements;

  ExceptionValidator(Elements elements) {
    this.elements = elements;
  }

  /**
   * The message for {@code exception} declared by the method described by {@code where}, or
   * {@code null} if it can be rebuilt.
   */
  String check(InterfaceModel model, ExceptionModel exception, String where) {
    String name = exception.element().getQualifiedName().toString();
    if (exception.isAbstract()) {
      return Message.EXCEPTION_ABSTRACT.format(where, name);
    }
    if (exception.isInner()) {
      return Message.EXCEPTION_INNER_CLASS.format(where, name);
    }
    Field jdk = exception.fields().stream().filter(Field::jdk).findFirst().orElse(null);
    if (jdk != null) {
      String owned =
          exception.fields().stream()
              .filter(f -> f.owner().equals(jdk.owner()))
              .map(Field::name)
              .collect(Collectors.joining(", "));
      return Message.EXCEPTION_JDK_STATE.format(
          where, name, jdk.owner().getQualifiedName(), owned);
    }
    for (Field field : exception.fields()) {
      if (field.read() == null) {
        return Message.EXCEPTION_FIELD.format(
            where,
            name,
            field.owner().getSimpleName() + "." + field.name(),
            exception.declaredBy(),
            field.name());
      }
    }
    if (exception.rebuild() == null) {
      return Message.EXCEPTION_CONSTRUCTOR.format(
          where,
          name,
          samePackage(exception) ? "non-private" : "public",
          needed(exception),
          suggestion(exception));
    }
    TypeMirror cause = exception.rebuild().causeType();
    if (cause != null && !ExceptionReader.isOpenCause(cause)) {
      String why = causeProblem(model, model.exception(cause), new HashSet<>(Set.of(name)));
      if (why != null) {
        return Message.EXCEPTION_CAUSE.format(where, name, cause, why, cause);
      }
    }
    return null;
  }

  /** Why a typed cause's class cannot be rebuilt, in a few words, or {@code null}. */
  private String causeProblem(InterfaceModel model, ExceptionModel cause, Set<String> seen) {
    if (cause == null) {
      return "it is not a class";
    }
    if (!samePackage(cause) && !isPublic(cause.element())) {
      return "it is not public";
    }
    if (cause.isAbstract()) {
      return "it is abstract";
    }
    if (cause.isInner()) {
      return "it is an inner class";
    }
    for (Field field : cause.fields()) {
      if (field.jdk()) {
        return "it keeps state in fields of the JDK class " + field.owner().getQualifiedName();
      }
      if (field.read() == null) {
        return "its field " + field.name() + " is not visible to the generated code";
      }
    }
    if (cause.rebuild() == null) {
      return "no constructor takes " + needed(cause);
    }
    TypeMirror next = cause.rebuild().causeType();
    if (next != null
        && !ExceptionReader.isOpenCause(next)
        && seen.add(next.toString())
        && causeProblem(model, model.exception(next), seen) != null) {
      return "its own cause type " + next + " cannot be rebuilt";
    }
    return null;
  }

  private String needed(ExceptionModel exception) {
    List<String> parts = new ArrayList<>();
    if (exception.messageConstructor()) {
      parts.add("its message");
    }
    List<String> fields =
        exception.fields().stream().filter(f -> f.restore() == null).map(Field::name).toList();
    if (!fields.isEmpty()) {
      parts.add((fields.size() == 1 ? "its field " : "its fields ") + String.join(", ", fields));
    }
    return parts.isEmpty() ? "only its message, cause or fields" : String.join(" and ", parts);
  }

  /** {@code OverLimitException(String message, long limit) { super(message); this.limit = limit; }}. */
  private static String suggestion(ExceptionModel exception) {
    List<String> parameters = new ArrayList<>(List.of("String message"));
    StringBuilder body = new StringBuilder(" { super(message);");
    for (Field f : exception.fields()) {
      if (f.restore() == null) {
        parameters.add(simple(f.type()) + " " + f.name());
        body.append(" this.").append(f.name()).append(" = ").append(f.name()).append(";");
      }
    }
    return exception.element().getSimpleName()
        + "(" + String.join(", ", parameters) + ")" + body + " }";
  }

  /** {@code java.util.List<java.lang.String>} → {@code List<String>}. */
  private static String simple(TypeMirror type) {
    return type.toString().replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+(?=[A-Za-z_$])", "");
  }

  private boolean samePackage(ExceptionModel exception) {
    return elements
        .getPackageOf(exception.element())
        .getQualifiedName()
        .contentEquals(exception.declaredBy());
  }

  private static boolean isPublic(TypeElement type) {
    return type.getModifiers().contains(Modifier.PUBLIC);
  }
}
