package io.typedipc.processor.validate;

import io.typedipc.processor.model.ExceptionReader;
import io.typedipc.processor.model.ObjectMethods;
import io.typedipc.processor.model.TypedIpcAnnotations;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether values of a type can cross the process boundary, walking into type arguments,
 * array components, record components and fields; on the way it reports every class a value of
 * the type can have on the wire. Recursive types are walked once.
 *
 * <p>A {@code @Shared} interface can cross wherever a value can (a parameter, a result, a type
 * argument, an array component, a record component or field) in the methods of {@code @Shared}
 * interfaces: it travels as a reference and arrives as a proxy (or, in the Manager, as the real
 * object). Its type arguments are checked like any other, and their classes are wire types (the
 * nested object's calls carry them). It is not a wire type itself. {@code @Channel} interfaces
 * never cross, and {@code @Channel} messages carry no shared objects.
 */
public final class CrossingTypeChecker {
  /** How deep nested generic instantiations are followed before giving up (they may not end). */
  private static final int MAX_DEPTH = 24;

  private final Elements elements;
  private final Types types;
  private final boolean sharedObjects;

  /** Creates a checker for {@code @Shared} methods, using the compiler's utilities. */
  public CrossingTypeChecker(ProcessingEnvironment env) {
    this(env, true);
  }

  /**
   * Creates a checker using the compiler's utilities.
   *
   * @param sharedObjects whether {@code @Shared} interfaces may cross (as references): true for
   *     {@code @Shared} methods, false for {@code @Channel} messages
   */
  public CrossingTypeChecker(ProcessingEnvironment env, boolean sharedObjects) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.sharedObjects = sharedObjects;
  }

  /**
   * Checks a parameter or result type.
   *
   * @param wireTypes receives every class (erased) that must be registered for the type
   * @return the first problem found, or {@code null}
   */
  public Problem check(TypeMirror type, Consumer<TypeMirror> wireTypes) {
    return check(type, type.toString(), wireTypes);
  }

  /** Checks a type whose position is described by {@code what} in messages. */
  public Problem check(TypeMirror type, String what, Consumer<TypeMirror> wireTypes) {
    return new Walk(wireTypes).visit(type, what, 0);
  }

  /**
   * Checks a declared exception class: the class itself is a wire type and its fields declared
   * below {@code java.*} must be able to cross.
   */
  public Problem checkException(DeclaredType exception, Consumer<TypeMirror> wireTypes) {
    wireTypes.accept(types.erasure(exception));
    return new Walk(wireTypes).fields(exception, 0);
  }

  /** One walk over one type, remembering the user types already seen. */
  private final class Walk {
    private final Consumer<TypeMirror> wireTypes;
    private final Set<String> seen = new HashSet<>();

    Walk(Consumer<TypeMirror> wireTypes) {
      this.wireTypes = wireTypes;
    }

    Problem visit(TypeMirror type, String what, int depth) {
      if (depth > MAX_DEPTH) {
        return null;
      }
      switch (type.getKind()) {
        case BOOLEAN:
        case BYTE:
        case SHORT:
        case CHAR:
        case INT:
        case LONG:
        case FLOAT:
        case DOUBLE:
        case TYPEVAR: // a type variable of the interface: checked at run time
        case ERROR: // javac reports it
          return null;
        case ARRAY:
          wireTypes.accept(types.erasure(type));
          TypeMirror component = ((ArrayType) type).getComponentType();
          return visit(component, "component type " + component + " of " + type, depth + 1);
        case WILDCARD:
          return new Problem(Message.WILDCARD, what, null);
        case DECLARED:
          return declared((DeclaredType) type, what, depth);
        default:
          return new Problem(Message.UNSUPPORTED_TYPE, what, null);
      }
    }

    private Problem declared(DeclaredType type, String what, int depth) {
      TypeElement element = (TypeElement) type.asElement();
      String name = element.getQualifiedName().toString();
      String annotation = TypedIpcAnnotations.simpleNameOn(element);
      if (annotation != null) {
        return sharedReference(type, annotation, what, depth);
      }
      if (SupportedTypes.BUILT_IN.contains(name)) {
        return null;
      }
      if (SupportedTypes.isBuiltInHandle(name, element)) { // a reference to a built-in queue or synchronizer
        return sharedObjects ? null : new Problem(Message.SHARED_IN_CHANNEL, what, null);
      }
      if (name.equals("java.lang.Object")) {
        return new Problem(Message.OBJECT_TYPE, what, null);
      }
      for (Map.Entry<String, Message> forbidden : SupportedTypes.FORBIDDEN) {
        TypeElement forbiddenType = elements.getTypeElement(forbidden.getKey());
        if (forbiddenType != null
            && types.isSubtype(types.erasure(type), types.erasure(forbiddenType.asType()))) {
          return new Problem(forbidden.getValue(), what, null);
        }
      }
      if (SupportedTypes.COLLECTION_INTERFACES.contains(name)
          || SupportedTypes.CONCRETE_CONTAINERS.contains(name)) {
        if (SupportedTypes.CONCRETE_CONTAINERS.contains(name)) {
          wireTypes.accept(types.erasure(type));
        }
        return typeArguments(type, what, depth);
      }
      if (SupportedTypes.VALUE_TYPES.contains(name)) {
        wireTypes.accept(types.erasure(type));
        return null;
      }
      if (element.getKind() == ElementKind.INTERFACE
          || element.getKind() == ElementKind.ANNOTATION_TYPE) {
        return isFunctional(element)
            ? new Problem(Message.FUNCTIONAL_INTERFACE, what, null)
            : new Problem(Message.ABSTRACT_TYPE, what, "an interface");
      }
      if (ExceptionReader.isJdk(name)) {
        if (element.getKind() == ElementKind.ENUM) {
          return new Problem(Message.JDK_ENUM, what, null);
        }
        if (name.equals("java.time.ZoneId")) {
          return new Problem(Message.ABSTRACT_TYPE, what,
              "an abstract class (send zone.getId(), a String, and ZoneId.of it on the other side)");
        }
        return element.getModifiers().contains(Modifier.ABSTRACT)
            ? new Problem(Message.ABSTRACT_TYPE, what, "an abstract class")
            : new Problem(Message.UNSUPPORTED_TYPE, what, null);
      }
      return userType(type, element, what, depth);
    }

    /** A {@code @Shared} or {@code @Channel} interface where a value is expected. */
    private Problem sharedReference(DeclaredType type, String annotation, String what, int depth) {
      if (annotation.equals("Channel")) {
        return new Problem(Message.CHANNEL_TYPE, what, null);
      }
      if (!sharedObjects) {
        return new Problem(Message.SHARED_IN_CHANNEL, what, null);
      }
      Problem raw = rawOrWildcard(type, what);
      if (raw != null) {
        return raw;
      }
      for (TypeMirror argument : type.getTypeArguments()) {
        Problem problem = visit(argument, "type argument " + argument + " of " + type, depth + 1);
        if (problem != null) {
          return problem;
        }
      }
      return null; // not a wire type: it travels as a reference
    }

    private Problem userType(DeclaredType type, TypeElement element, String what, int depth) {
      if (isPrivate(element)) {
        return new Problem(Message.PRIVATE_VALUE_TYPE, what, null);
      }
      if (element.getKind() == ElementKind.ENUM) {
        wireTypes.accept(types.erasure(type));
        return null;
      }
      if (element.getModifiers().contains(Modifier.ABSTRACT)) {
        return new Problem(Message.ABSTRACT_TYPE, what, "an abstract class");
      }
      if (element.getNestingKind() != NestingKind.TOP_LEVEL
          && !element.getModifiers().contains(Modifier.STATIC)
          && element.getKind() != ElementKind.RECORD) {
        return new Problem(Message.INNER_CLASS, what, null);
      }
      Problem raw = rawOrWildcard(type, what);
      if (raw != null) {
        return raw;
      }
      if (element.getKind() != ElementKind.RECORD && !hasNoArgConstructor(element)) {
        return new Problem(Message.NO_CONSTRUCTOR, what, null);
      }
      wireTypes.accept(types.erasure(type));
      if (!seen.add(type.toString())) {
        return null; // already walked (or being walked: a recursive type)
      }
      return element.getKind() == ElementKind.RECORD
          ? components(type, element, depth)
          : fields(type, depth);
    }

    private Problem components(DeclaredType type, TypeElement record, int depth) {
      for (RecordComponentElement component : record.getRecordComponents()) {
        ExecutableElement accessor = component.getAccessor();
        TypeMirror componentType =
            accessor == null
                ? component.asType()
                : ((ExecutableType) types.asMemberOf(type, accessor))
                    .getReturnType();
        String what =
            "component " + record.getSimpleName() + "." + component.getSimpleName()
                + " (" + componentType + ")";
        Problem problem = visit(componentType, what, depth + 1);
        if (problem != null) {
          return within(problem, what);
        }
      }
      return null;
    }

    /** {@code problem}, found inside the field or component {@code what}, naming it too (the path to a deep one). */
    private Problem within(Problem problem, String what) {
      return problem.what().equals(what) ? problem : new Problem(problem.message(), problem.what() + " in " + what, problem.extra());
    }

    /** The instance fields of the class and of its superclasses below the JDK. */
    Problem fields(DeclaredType type, int depth) {
      TypeMirror current = type;
      while (current.getKind() == TypeKind.DECLARED) {
        TypeElement owner = (TypeElement) ((DeclaredType) current).asElement();
        if (ExceptionReader.isJdk(owner.getQualifiedName().toString())) {
          // a class extending a JDK collection (class Bag extends HashMap<String, Object>) travels as
          // one: its elements' types are those of its Collection or Map view
          DeclaredType view = containerView(type);
          Problem problem = view == null ? null : typeArguments(view, type.toString(), depth + 1);
          return problem == null ? null
              : new Problem(problem.message(), problem.what() + " (" + type + " is one)", problem.extra());
        }
        for (VariableElement field : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
          if (field.getModifiers().contains(Modifier.STATIC)
              || field.getModifiers().contains(Modifier.TRANSIENT)) {
            continue;
          }
          TypeMirror fieldType = types.asMemberOf(type, field);
          String what =
              "field " + owner.getSimpleName() + "." + field.getSimpleName()
                  + " (" + fieldType + ")";
          Problem problem = visit(fieldType, what, depth + 1);
          if (problem != null) {
            return within(problem, what);
          }
        }
        List<? extends TypeMirror> supertypes = types.directSupertypes(current); // the superclass first
        current = supertypes.isEmpty() ? types.getNoType(TypeKind.NONE) : supertypes.get(0);
      }
      return null;
    }

    /** {@code type} as a {@code java.util.Map} or {@code java.util.Collection}, with its type arguments; null if neither. */
    private DeclaredType containerView(DeclaredType type) {
      Deque<TypeMirror> pending = new ArrayDeque<>(List.of(type));
      Set<String> visited = new HashSet<>();
      while (!pending.isEmpty()) {
        TypeMirror next = pending.removeFirst();
        if (next.getKind() != TypeKind.DECLARED || !visited.add(next.toString())) {
          continue;
        }
        String name = ((TypeElement) ((DeclaredType) next).asElement()).getQualifiedName().toString();
        if (name.equals("java.util.Map") || name.equals("java.util.Collection")) {
          return (DeclaredType) next;
        }
        pending.addAll(types.directSupertypes(next));
      }
      return null;
    }

    private Problem typeArguments(DeclaredType type, String what, int depth) {
      Problem raw = rawOrWildcard(type, what);
      if (raw != null) {
        return raw;
      }
      String container = ((TypeElement) type.asElement()).getQualifiedName().toString();
      List<? extends TypeMirror> arguments = type.getTypeArguments();
      for (int i = 0; i < arguments.size(); i++) {
        TypeMirror argument = arguments.get(i);
        String role = SupportedTypes.argumentRole(container, i);
        Problem problem = visit(argument, role + " " + argument + " of " + type, depth + 1);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }

    private Problem rawOrWildcard(DeclaredType type, String what) {
      TypeElement element = (TypeElement) type.asElement();
      if (!element.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
        return new Problem(Message.RAW_TYPE, what, element.asType().toString());
      }
      for (TypeMirror argument : type.getTypeArguments()) {
        if (argument.getKind() == TypeKind.WILDCARD) {
          return new Problem(Message.WILDCARD, "type argument " + argument + " of " + type, null);
        }
      }
      return null;
    }
  }

  /**
   * Whether a result type is {@code java.lang.Void}, which is allowed only as the type argument of
   * an asynchronous method's {@code CompletableFuture}.
   */
  public static boolean isVoidObject(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.lang.Void");
  }

  /**
   * Whether {@code type} is a functional interface: annotated {@code @FunctionalInterface}, or,
   * for the user's own interfaces, with exactly one abstract method ({@code Iterable} has one too,
   * but it is not meant as a function).
   */
  private boolean isFunctional(TypeElement type) {
    for (var mirror : type.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals("java.lang.FunctionalInterface")) {
        return true;
      }
    }
    if (ExceptionReader.isJdk(type.getQualifiedName().toString())
        || type.getKind() != ElementKind.INTERFACE) {
      return false;
    }
    return ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
            .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT))
            .filter(m -> !ObjectMethods.isObjectMethod(m))
            .count()
        == 1;
  }

  private static boolean hasNoArgConstructor(TypeElement type) {
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty());
  }

  /** Whether {@code type} or a type enclosing it is private. */
  static boolean isPrivate(Element type) {
    for (Element e = type; e != null && e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }
}
