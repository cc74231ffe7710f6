package io.typedipc.processor.model;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * A checked exception that crosses the wire, and how the client rebuilds it: the processor's
 * decision, read from the class's constructors, their parameter names and its fields. The
 * validators report what stops a faithful rebuild; the writers generate the codec from {@link
 * #rebuild()}.
 *
 * @param element the exception class
 * @param type its type
 * @param fields its state beyond message, cause and stack trace: the non-static, non-transient
 *     fields of its classes below {@code Throwable}, subclass first, by name within a class (the
 *     runtime's order)
 * @param rebuild the constructor that rebuilds it, or {@code null} if none does faithfully
 * @param messageConstructor whether some constructor takes a message: then the one chosen must
 *     (otherwise the message is what the constructor computes from the fields)
 * @param declaredBy the interface's package, from which the generated code must reach every member
 *     it uses
 */
public record ExceptionModel(
    TypeElement element,
    DeclaredType type,
    List<Field> fields,
    Constructor rebuild,
    boolean messageConstructor,
    String declaredBy) {

  public ExceptionModel {
    fields = List.copyOf(fields);
  }

  /** Whether the class is abstract (nothing to create on the client). */
  public boolean isAbstract() {
    return element.getModifiers().contains(javax.lang.model.element.Modifier.ABSTRACT);
  }

  /** Whether the class is inner (it would need an enclosing instance). */
  public boolean isInner() {
    return element.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !element.getModifiers().contains(javax.lang.model.element.Modifier.STATIC);
  }

  /**
   * One field that travels.
   *
   * @param element the field
   * @param type its type as a member of the exception
   * @param jdk whether a JDK class declares it (the generated code can neither read nor set it)
   * @param read how the Manager reads it: the field itself or an accessor; {@code null} if neither
   *     is reachable
   * @param restore how the client sets it when the constructor does not take it: a setter or the
   *     field itself; {@code null} if neither is reachable
   */
  public record Field(
      VariableElement element, TypeMirror type, boolean jdk, Access read, Access restore) {
    /** The field's name. */
    public String name() {
      return element.getSimpleName().toString();
    }

    /** The class that declares it. */
    public TypeElement owner() {
      return (TypeElement) element.getEnclosingElement();
    }
  }

  /**
   * A member that reads or sets a field.
   *
   * @param element the field or the method
   */
  public record Access(Element element) {
    /** Whether it is the field itself (else an accessor or a setter). */
    public boolean field() {
      return element.getKind() == javax.lang.model.element.ElementKind.FIELD;
    }

    /** The field's or method's name. */
    public String name() {
      return element.getSimpleName().toString();
    }
  }

  /**
   * A constructor and what each of its parameters takes.
   *
   * @param element the constructor
   * @param sources one per parameter
   */
  public record Constructor(ExecutableElement element, List<Source> sources) {
    public Constructor {
      sources = List.copyOf(sources);
    }

    /** Whether a parameter takes the message. */
    public boolean takesMessage() {
      return sources.stream().anyMatch(s -> s.kind() == Source.Kind.MESSAGE);
    }

    /** The cause parameter's type, or {@code null} if none takes the cause. */
    public TypeMirror causeType() {
      return sources.stream()
          .filter(s -> s.kind() == Source.Kind.CAUSE)
          .map(Source::type)
          .findFirst()
          .orElse(null);
    }

    /** Whether a parameter takes the field at {@code index} of {@link ExceptionModel#fields()}. */
    public boolean takesField(int index) {
      return sources.stream().anyMatch(s -> s.kind() == Source.Kind.FIELD && s.field() == index);
    }
  }

  /**
   * What one constructor parameter takes.
   *
   * @param kind the message, the cause or a field
   * @param field the index in {@link ExceptionModel#fields()} for a field, else -1
   * @param type the parameter's type
   */
  public record Source(Kind kind, int field, TypeMirror type) {
    /** What a parameter takes. */
    public enum Kind {
      MESSAGE,
      CAUSE,
      FIELD
    }
  }
}
