package io.typedipc.processor.model;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * One remote method of an annotated interface, with every type seen as a member of that interface.
 *
 * @param element the method as declared (possibly in a super-interface; of a method inherited
 *     along several paths, the declaration whose return type is substitutable for the others')
 * @param name the method's simple name
 * @param parameters the parameters, in order
 * @param returnType the declared return type ({@code void} included)
 * @param thrownTypes every type in the {@code throws} clause, in declaration order (of a method
 *     inherited along several paths, those that every declaration allows)
 * @param checkedExceptions the checked ones among {@code thrownTypes}, sorted by name
 * @param varargs whether the last parameter is a varargs parameter
 * @param async whether the method returns {@code CompletableFuture<T>}
 * @param resultType the type of the value on the wire: the return type, or {@code T} when async
 * @param identity name and erased parameter types, e.g. {@code reserve(java.lang.String,int)}
 * @param id the wire id derived from {@code identity}
 * @param signature the full signature used in messages and in the fingerprint
 * @param callThrough for a method inherited along several paths whose declarations differ in
 *     their own erased parameter types ({@code put(T)} of {@code Box<String>} and {@code
 *     put(String)}), the super-type declaring {@code element}, as a super-type of the annotated
 *     interface: javac finds a call on the interface ambiguous, so the dispatcher calls the method
 *     through that type; else {@code null}
 * @param declarations every declaration the method was read from: {@code element}, and for a
 *     method inherited along several paths the others (the proxy overrides them all)
 */
public record MethodModel(
    ExecutableElement element,
    String name,
    List<ParameterModel> parameters,
    TypeMirror returnType,
    List<TypeMirror> thrownTypes,
    List<TypeMirror> checkedExceptions,
    boolean varargs,
    boolean async,
    TypeMirror resultType,
    String identity,
    int id,
    String signature,
    DeclaredType callThrough,
    List<ExecutableElement> declarations) {

  public MethodModel {
    parameters = List.copyOf(parameters);
    thrownTypes = List.copyOf(thrownTypes);
    checkedExceptions = List.copyOf(checkedExceptions);
    declarations = List.copyOf(declarations);
  }

  /** The type that declares this method: the annotated interface or one of its super-interfaces. */
  public TypeElement declaringType() {
    return (TypeElement) element.getEnclosingElement();
  }

  /** Whether the method has type parameters of its own. */
  public boolean isGeneric() {
    return !element.getTypeParameters().isEmpty();
  }
}
