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
    Map<String, MethodModel> byIdentity = new LinkedHashMap<>();
    ElementFilter.methodsIn(elements.getAllMembers(type)).stream()
        .filter(m -> m.getModifiers().contains(Modifier.ABSTRACT))
        .filter(m -> !ObjectMethods.isObjectMethod(m))
        .sorted(declarationOrder(hierarchy))
        .map(m -> method(declared, m))
        // the same method inherited along two paths (a diamond) is one remote method
        .forEach(m -> byIdentity.putIfAbsent(m.identity(), m));
    List<MethodModel> methods = List.copyOf(byIdentity.values());
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

  private MethodModel method(DeclaredType owner, ExecutableElement element) {
    ExecutableType type = (ExecutableType) types.asMemberOf(owner, element);
    List<ParameterModel> parameters = new ArrayList<>();
    List<String> erased = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < element.getParameters().size(); i++) {
      TypeMirror parameterType = type.getParameterTypes().get(i);
      String name = element.getParameters().get(i).getSimpleName().toString();
      parameters.add(new ParameterModel(element.getParameters().get(i), name, parameterType));
      erased.add(TypeStrings.of(types.erasure(parameterType)));
      shown.add(TypeStrings.of(parameterType));
    }
    List<TypeMirror> checked =
        type.getThrownTypes().stream()
            .filter(this::isChecked)
            .sorted(Comparator.comparing(TypeStrings::of))
            .map(TypeMirror.class::cast)
            .toList();
    TypeMirror returnType = type.getReturnType();
    boolean async = isCompletableFuture(returnType);
    TypeMirror resultType = async ? futureResult((DeclaredType) returnType) : returnType;
    String name = element.getSimpleName().toString();
    String identity = MethodIdentity.identity(name, erased);
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
        List.copyOf(type.getThrownTypes()),
        checked,
        element.isVarArgs(),
        async,
        resultType,
        identity,
        MethodIdentity.id(identity),
        signature);
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
