package io.typedipc.processor.model;

import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One parameter of a remote method.
 *
 * @param element the parameter as declared
 * @param name its declared name
 * @param type its type as a member of the annotated interface (type arguments of generic
 *     super-interfaces substituted)
 */
public record ParameterModel(VariableElement element, String name, TypeMirror type) {}
