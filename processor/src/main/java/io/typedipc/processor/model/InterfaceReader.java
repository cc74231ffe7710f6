package io.typedipc.processor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads an annotated interface into an {@link InterfaceModel}: finds its remote methods (abstract
 * methods, declared or inherited, minus those of {@code Object}) and computes their identities.
 * It does not judge them; validators do.
 */
public final class InterfaceReader {
  private static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";

  private final Elements elements;
  private final Types types;
  private final ExceptionReader exceptionReader;

  /** Creates a reader using the compiler's utilities. */
  public InterfaceReader(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.exceptionReader = new ExceptionReader(env);
  }

  /** Reads {@code type}, which must be an interface. */
  public InterfaceModel read(TypeElement type) {
    DeclaredType declared = (DeclaredType) type.asType();
    List<TypeElement> hierarchy = hierarchy(type);
    // the same method inherited along several paths (a diamond) is one remote method
    Map<String, List<ExecutableElement>> byIdentity = new LinkedHashMap<>();
    ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
        .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT))
        .filter(m -> !ObjectMethods.isObjectMethod(m))
        .sorted(declarationOrder(hierarchy))
        .forEach(
            m ->
                byIdentity
                    .computeIfAbsent(identity(declared, m), k -> new ArrayList<>())
                    .add(m));
    List<MethodModel> methods =
        byIdentity.entrySet().stream().map(e -> method(declared, e.getKey(), e.getValue())).toList();
    String fingerprint =
        MethodIdentity.fingerprint(methods.stream().map(MethodModel::signature).toList());
    List<DeclaredType> declaredExceptions =
        methods.stream()
            .flatMap(m -> m.checkedExceptions().stream())
            .filter(t -> t.getKind() == TypeKind.DECLARED)
            .map(DeclaredType.class::cast)
            .toList();
    String pkg = elements.getPackageOf(type).getQualifiedName().toString();
    return new InterfaceModel(
        type, declared, methods, fingerprint, exceptionReader.readAll(declaredExceptions, pkg));
  }

  private String identity(DeclaredType owner, ExecutableElement element) {
    ExecutableType type = (ExecutableType) types.asMemberOf(owner, element);
    return MethodIdentity.identity(
        element.getSimpleName().toString(),
        type.getParameterTypes().stream().map(t -> TypeStrings.of(types.erasure(t))).toList());
  }

  /**
   * One remote method from its declarations with the same identity (several when it is inherited
   * along several paths): the one whose return type is substitutable for the others' (as javac
   * requires of one of them), throwing only what every declaration allows. {@code identity} is
   * what they share (see {@link #identity}).
   */
  private MethodModel method(DeclaredType owner, String identity, List<ExecutableElement> declarations) {
    ExecutableElement element = mostSpecific(owner, declarations);
    ExecutableType type = (ExecutableType) types.asMemberOf(owner, element);
    List<ParameterModel> parameters = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < element.getParameters().size(); i++) {
      TypeMirror parameterType = type.getParameterTypes().get(i);
      String name = element.getParameters().get(i).getSimpleName().toString();
      parameters.add(new ParameterModel(element.getParameters().get(i), name, parameterType));
      shown.add(TypeStrings.of(parameterType));
    }
    List<TypeMirror> thrown = thrownByAll(owner, declarations);
    List<TypeMirror> checked =
        thrown.stream()
            .filter(this::isChecked)
            .sorted(Comparator.comparing(TypeStrings::of))
            .toList();
    TypeMirror returnType = type.getReturnType();
    boolean async = isCompletableFuture(returnType);
    TypeMirror resultType = async ? futureResult((DeclaredType) returnType) : returnType;
    String name = element.getSimpleName().toString();
    String signature =
        MethodIdentity.signature(
            TypeStrings.of(returnType),
            name,
            shown,
            checked.stream().map(TypeStrings::of).toList());
    return new MethodModel(
        element,
        name,
        parameters,
        returnType,
        thrown,
        checked,
        element.isVarArgs(),
        async,
        resultType,
        identity,
        MethodIdentity.id(identity),
        signature,
        ambiguous(declarations)
            ? supertype(owner, (TypeElement) element.getEnclosingElement())
            : null,
        declarations);
  }

  /**
   * Whether javac finds a call on the interface ambiguous: the declarations differ in their own
   * erased parameter types ({@code put(T)} of {@code Box<String>} and {@code put(String)}).
   */
  private boolean ambiguous(List<ExecutableElement> declarations) {
    return declarations.stream()
            .map(
                d ->
                    d.getParameters().stream()
                        .map(p -> TypeStrings.of(types.erasure(p.asType())))
                        .toList())
            .distinct()
            .count()
        > 1;
  }

  /** The declaration whose return type is a subtype of every other's; else the first. */
  private ExecutableElement mostSpecific(DeclaredType owner, List<ExecutableElement> declarations) {
    for (ExecutableElement candidate : declarations) {
      TypeMirror result = ((ExecutableType) types.asMemberOf(owner, candidate)).getReturnType();
      boolean substitutable = true;
      for (ExecutableElement other : declarations) {
        TypeMirror otherResult = ((ExecutableType) types.asMemberOf(owner, other)).getReturnType();
        substitutable &=
            types.isSameType(result, otherResult)
                || (!result.getKind().isPrimitive()
                    && result.getKind() != TypeKind.VOID
                    && types.isSubtype(result, otherResult));
      }
      if (substitutable) {
        return candidate;
      }
    }
    return declarations.get(0);
  }

  /**
   * The thrown types an implementation of every declaration may declare: the unchecked ones, and
   * each checked one that every declaration's throws clause covers ({@code f() throws
   * IOException} inherited with {@code f()} throws nothing checked).
   */
  private List<TypeMirror> thrownByAll(DeclaredType owner, List<ExecutableElement> declarations) {
    List<List<TypeMirror>> clauses = new ArrayList<>();
    for (ExecutableElement declaration : declarations) {
      clauses.add(
          List.copyOf(((ExecutableType) types.asMemberOf(owner, declaration)).getThrownTypes()));
    }
    List<TypeMirror> result = new ArrayList<>();
    for (List<TypeMirror> clause : clauses) {
      for (TypeMirror thrown : clause) {
        boolean allowed =
            !isChecked(thrown)
                || clauses.stream()
                    .allMatch(c -> c.stream().anyMatch(t -> types.isSubtype(thrown, t)));
        if (allowed && result.stream().noneMatch(t -> types.isSameType(t, thrown))) {
          result.add(thrown);
        }
      }
    }
    return List.copyOf(result);
  }

  /** The supertype of {@code owner} declared by {@code element}, with its type arguments. */
  private DeclaredType supertype(DeclaredType owner, TypeElement element) {
    if (owner.asElement().equals(element)) {
      return owner;
    }
    for (TypeMirror direct : types.directSupertypes(owner)) {
      if (direct.getKind() == TypeKind.DECLARED) {
        DeclaredType found = supertype((DeclaredType) direct, element);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private TypeMirror futureResult(DeclaredType future) {
    return future.getTypeArguments().isEmpty()
        ? elements.getTypeElement("java.lang.Object").asType()
        : future.getTypeArguments().get(0);
  }

  /** Whether {@code type} is {@code CompletableFuture}, with or without type arguments. */
  public static boolean isCompletableFuture(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(COMPLETABLE_FUTURE);
  }

  private boolean isChecked(TypeMirror thrown) {
    TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    return !types.isSubtype(thrown, runtime) && !types.isSubtype(thrown, error);
  }

  /** The interface, then its super-interfaces depth first, each once. */
  private List<TypeElement> hierarchy(TypeElement type) {
    List<TypeElement> result = new ArrayList<>();
    addHierarchy(type, result);
    return result;
  }

  private void addHierarchy(TypeElement type, List<TypeElement> result) {
    if (result.contains(type)) {
      return;
    }
    result.add(type);
    for (TypeMirror superType : type.getInterfaces()) {
      if (superType.getKind() == TypeKind.DECLARED) {
        addHierarchy((TypeElement) ((DeclaredType) superType).asElement(), result);
      }
    }
  }

  private static Comparator<ExecutableElement> declarationOrder(List<TypeElement> hierarchy) {
    return Comparator.<ExecutableElement>comparingInt(
            m -> hierarchy.indexOf((TypeElement) m.getEnclosingElement()))
        .thenComparingInt(m -> m.getEnclosingElement().getEnclosedElements().indexOf(m));
  }
}
