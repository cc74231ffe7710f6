package io.typedipc.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * An annotated interface as the processor sees it.
 *
 * @param element the interface
 * @param type the interface's type, with its own type variables as arguments
 * @param methods the remote methods (abstract, declared or inherited), in a stable order: the
 *     interface's own methods in source order, then those of its super-interfaces
 * @param fingerprint first 16 hex digits of the SHA-256 of the sorted method signatures
 * @param exceptions the checked exception classes the methods declare, and those their rebuilding
 *     constructors take as typed causes, each once, in order of first appearance
 */
public record InterfaceModel(
    TypeElement element,
    DeclaredType type,
    List<MethodModel> methods,
    String fingerprint,
    List<ExceptionModel> exceptions) {

  public InterfaceModel {
    methods = List.copyOf(methods);
    exceptions = List.copyOf(exceptions);
  }

  /** The model of a declared exception class, or {@code null} if it is not one of {@link #exceptions}. */
  public ExceptionModel exception(TypeMirror type) {
    for (ExceptionModel e : exceptions) {
      if (type.getKind() == javax.lang.model.type.TypeKind.DECLARED
          && e.element().equals(((DeclaredType) type).asElement())) {
        return e;
      }
    }
    return null;
  }

  /** Whether this is a {@code @Channel} (one-way messages) rather than a {@code @Shared} object. */
  public boolean isChannel() {
    return TypedIpcAnnotations.has(element, TypedIpcAnnotations.CHANNEL);
  }
}
