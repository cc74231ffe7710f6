package io.typedipc.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * An annotated interface as the processor sees it.
 *
 * @param element the interface
 * @param type the interface's type, with its own type variables as arguments
 * @param methods the remote methods (abstract, declared or inherited), in a stable order: the
 *     interface's own methods in source order, then those of its super-interfaces
 * @param fingerprint first 16 hex digits of the SHA-256 of the sorted method signatures
 */
public record InterfaceModel(
    TypeElement element, DeclaredType type, List<MethodModel> methods, String fingerprint) {

  public InterfaceModel {
    methods = List.copyOf(methods);
  }

  /** Whether this is a {@code @Channel} (one-way messages) rather than a {@code @Shared} object. */
  public boolean isChannel() {
    return TypedIpcAnnotations.has(element, TypedIpcAnnotations.CHANNEL);
  }
}
