package io.typedipc.processor.model;

import io.typedipc.processor.model.ExceptionModel.Access;
import io.typedipc.processor.model.ExceptionModel.Constructor;
import io.typedipc.processor.model.ExceptionModel.Field;
import io.typedipc.processor.model.ExceptionModel.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides how the client rebuilds a declared exception (see {@link ExceptionModel}), by these
 * rules:
 *
 * <ul>
 *   <li>A constructor parameter takes the field of the same name and type; else, a {@code String}
 *       named {@code message} or {@code msg} takes the message, and a {@code Throwable} named
 *       {@code cause} the cause. For the JDK's classes (whose parameters are named {@code s} as
 *       often as {@code message}) and classes compiled without parameter names, the
 *       conventional shapes {@code ()}, {@code (String message)}, {@code (String message,
 *       Throwable cause)} and {@code (Throwable cause)} are recognised by type.
 *   <li>A constructor qualifies if every parameter takes something, it is reachable from the
 *       generated code, and it takes every field that no setter ({@code setLimit}) or reachable
 *       non-final field can restore.
 *   <li>If some constructor takes a message, the chosen one must too: the message is not always
 *       computed from the fields. Among those that qualify, the one taking the most fields, then
 *       the cause, then the first declared wins.
 * </ul>
 *
 * The Manager reads each field directly if the generated code can reach it, else through an
 * accessor named like the field, {@code getX} or {@code isX} (boolean) returning its type.
 */
public final class ExceptionReader {
  private static final Set<String> MESSAGE_NAMES = Set.of("message", "msg");
  private static final String CAUSE_NAME = "cause";
  /** The supertypes of the runtime's RemoteException: a cause of these types can be anything. */
  private static final Set<String> OPEN_CAUSE_TYPES =
      Set.of("java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException");

  private final Elements elements;
  private final Types types;

  /** Creates a reader using the compiler's utilities. */
  public ExceptionReader(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
  }

  /**
   * Reads the exceptions {@code declared} and, transitively, those their rebuilding constructors
   * take as typed causes, each once, in that order; keyed by qualified name.
   *
   * @param generatedPackage the package of the generated code that reads and rebuilds them
   */
  public List<ExceptionModel> readAll(List<DeclaredType> declared, String generatedPackage) {
    Map<String, ExceptionModel> result = new LinkedHashMap<>();
    List<DeclaredType> pending = new ArrayList<>(declared);
    while (!pending.isEmpty()) {
      DeclaredType next = pending.remove(0);
      String name = ((TypeElement) next.asElement()).getQualifiedName().toString();
      if (result.containsKey(name)) {
        continue;
      }
      ExceptionModel model = read(next, generatedPackage);
      result.put(name, model);
      TypeMirror cause = model.rebuild() == null ? null : model.rebuild().causeType();
      if (cause != null && !isOpenCause(cause) && cause.getKind() == TypeKind.DECLARED) {
        pending.add((DeclaredType) cause);
      }
    }
    return List.copyOf(result.values());
  }

  /** Whether a cause parameter of this type accepts any cause (one that arrives described). */
  public static boolean isOpenCause(TypeMirror causeType) {
    return causeType.getKind() == TypeKind.DECLARED
        && OPEN_CAUSE_TYPES.contains(
            ((TypeElement) ((DeclaredType) causeType).asElement()).getQualifiedName().toString());
  }

  /** Reads one exception class. */
  public ExceptionModel read(DeclaredType type, String generatedPackage) {
    TypeElement element = (TypeElement) type.asElement();
    List<Field> fields = fields(type, element, generatedPackage);
    List<Constructor> qualifying = new ArrayList<>();
    boolean messageConstructor = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      List<Source> sources = sources(type, c, fields);
      if (sources == null) {
        continue;
      }
      Constructor constructor = new Constructor(c, sources);
      messageConstructor |= constructor.takesMessage();
      if (reachable(c, generatedPackage) && takesUnrestorable(constructor, fields)) {
        qualifying.add(constructor);
      }
    }
    boolean needsMessage = messageConstructor;
    Constructor chosen =
        qualifying.stream()
            .filter(c -> !needsMessage || c.takesMessage())
            .max(
                Comparator.<Constructor>comparingLong(
                        c -> c.sources().stream().filter(s -> s.kind() == Source.Kind.FIELD).count())
                    .thenComparing(c -> c.causeType() != null)
                    // max keeps the last of equals: prefer the first declared
                    .thenComparing(c -> -qualifying.indexOf(c)))
            .orElse(null);
    return new ExceptionModel(element, type, fields, chosen, messageConstructor, generatedPackage);
  }

  /** Every field without a way to restore it after construction is taken by {@code c}. */
  private static boolean takesUnrestorable(Constructor c, List<Field> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).restore() == null && !c.takesField(i)) {
        return false;
      }
    }
    return true;
  }

  /** What each parameter takes, or {@code null} if one takes nothing. */
  private List<Source> sources(DeclaredType type, ExecutableElement c, List<Field> fields) {
    List<? extends TypeMirror> parameterTypes =
        ((ExecutableType) types.asMemberOf(type, c)).getParameterTypes();
    List<? extends VariableElement> parameters = c.getParameters();
    boolean jdk = isJdk(((TypeElement) c.getEnclosingElement()).getQualifiedName().toString());
    if (!parameters.isEmpty()
        && (jdk
            || parameters.stream().allMatch(p -> p.getSimpleName().toString().matches("arg\\d+")))) {
      return byConvention(parameterTypes);
    }
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).getSimpleName().toString();
      TypeMirror parameterType = parameterTypes.get(i);
      Source source = null;
      for (int f = 0; f < fields.size(); f++) {
        Field field = fields.get(f);
        if (!field.jdk() && field.name().equals(name) && types.isSameType(field.type(), parameterType)) {
          source = new Source(Source.Kind.FIELD, f, parameterType);
        }
      }
      if (source == null && MESSAGE_NAMES.contains(name) && isString(parameterType)) {
        source = new Source(Source.Kind.MESSAGE, -1, parameterType);
      }
      if (source == null && name.equals(CAUSE_NAME) && isThrowable(parameterType)) {
        source = new Source(Source.Kind.CAUSE, -1, parameterType);
      }
      Source found = source;
      if (found == null
          || sources.stream()
              .anyMatch(s -> s.kind() == found.kind() && s.field() == found.field())) {
        return null;
      }
      sources.add(source);
    }
    return sources;
  }

  /** {@code (String)}, {@code (String, Throwable)} or {@code (Throwable)}, recognised by type. */
  private List<Source> byConvention(List<? extends TypeMirror> parameterTypes) {
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < parameterTypes.size(); i++) {
      TypeMirror t = parameterTypes.get(i);
      if (i == 0 && isString(t)) {
        sources.add(new Source(Source.Kind.MESSAGE, -1, t));
      } else if (i == parameterTypes.size() - 1 && isThrowable(t)) {
        sources.add(new Source(Source.Kind.CAUSE, -1, t));
      } else {
        return null;
      }
    }
    return parameterTypes.size() <= 2 ? sources : null;
  }

  /** The fields below {@code Throwable}, subclass first, by name within a class. */
  private List<Field> fields(DeclaredType type, TypeElement element, String generatedPackage) {
    List<Field> result = new ArrayList<>();
    for (TypeElement owner = element;
        owner != null && !owner.getQualifiedName().contentEquals("java.lang.Throwable");
        owner = superclass(owner)) {
      boolean jdk = isJdk(owner.getQualifiedName().toString());
      List<VariableElement> declared =
          ElementFilter.fieldsIn(owner.getEnclosedElements()).stream()
              .filter(f -> !f.getModifiers().contains(Modifier.STATIC))
              .filter(f -> !f.getModifiers().contains(Modifier.TRANSIENT))
              .sorted(Comparator.comparing(f -> f.getSimpleName().toString()))
              .map(VariableElement.class::cast)
              .toList();
      for (VariableElement f : declared) {
        TypeMirror fieldType = types.asMemberOf(type, f);
        Access read = jdk ? null : reader(type, element, f, fieldType, generatedPackage);
        Access restore = jdk ? null : restorer(type, element, f, fieldType, generatedPackage);
        result.add(new Field(f, fieldType, jdk, read, restore));
      }
    }
    return result;
  }

  private Access reader(
      DeclaredType type, TypeElement element, VariableElement f, TypeMirror fieldType, String pkg) {
    if (reachable(f, pkg)) {
      return new Access(f);
    }
    String name = f.getSimpleName().toString();
    List<String> candidates = new ArrayList<>(List.of(name, "get" + capitalize(name)));
    if (fieldType.getKind() == TypeKind.BOOLEAN) {
      candidates.add("is" + capitalize(name));
    }
    for (String candidate : candidates) {
      for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
        if (m.getSimpleName().contentEquals(candidate)
            && m.getParameters().isEmpty()
            && !m.getModifiers().contains(Modifier.STATIC)
            && reachable(m, pkg)
            && types.isSameType(
                ((ExecutableType) types.asMemberOf(type, m)).getReturnType(), fieldType)) {
          return new Access(m);
        }
      }
    }
    return null;
  }

  private Access restorer(
      DeclaredType type, TypeElement element, VariableElement f, TypeMirror fieldType, String pkg) {
    if (reachable(f, pkg) && !f.getModifiers().contains(Modifier.FINAL)) {
      return new Access(f);
    }
    String setter = "set" + capitalize(f.getSimpleName().toString());
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (m.getSimpleName().contentEquals(setter)
          && m.getParameters().size() == 1
          && !m.getModifiers().contains(Modifier.STATIC)
          && reachable(m, pkg)
          && types.isSameType(
              ((ExecutableType) types.asMemberOf(type, m)).getParameterTypes().get(0),
              fieldType)) {
        return new Access(m);
      }
    }
    return null;
  }

  /** Whether code in {@code pkg} can use {@code member} (its class is assumed reachable). */
  private boolean reachable(Element member, String pkg) {
    Set<Modifier> modifiers = member.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      return false;
    }
    if (modifiers.contains(Modifier.PUBLIC)) {
      TypeElement owner = (TypeElement) member.getEnclosingElement();
      return owner.getModifiers().contains(Modifier.PUBLIC)
          || elements.getPackageOf(owner).getQualifiedName().contentEquals(pkg);
    }
    return elements.getPackageOf(member).getQualifiedName().contentEquals(pkg);
  }

  private static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED
        ? (TypeElement) ((DeclaredType) superclass).asElement()
        : null;
  }

  private boolean isString(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement())
            .getQualifiedName()
            .contentEquals("java.lang.String");
  }

  private boolean isThrowable(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED
        && types.isSubtype(t, elements.getTypeElement("java.lang.Throwable").asType());
  }

  private static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Whether the qualified name belongs to the JDK (as opposed to the user's own classes). */
  public static boolean isJdk(String qualifiedName) {
    return qualifiedName.startsWith("java.")
        || qualifiedName.startsWith("javax.")
        || qualifiedName.startsWith("jdk.")
        || qualifiedName.startsWith("sun.")
        || qualifiedName.startsWith("com.sun.");
  }
}
