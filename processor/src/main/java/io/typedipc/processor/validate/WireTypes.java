package io.typedipc.processor.validate;

import io.typedipc.processor.model.ExceptionModel;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import io.typedipc.processor.model.ParameterModel;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Collects the classes values of a valid interface can have on the wire: the same walk as the
 * validation, keeping what it finds. Sorted by {@link Class#getName()} ({@code [I} for
 * {@code int[]}), without duplicates.
 */
public final class WireTypes {
  private final Elements elements;
  private final CrossingTypeChecker checker;
  private final MethodChecks checks;

  /** Creates a collector using the compiler's utilities. */
  public WireTypes(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.checker = new CrossingTypeChecker(env);
    this.checks = new MethodChecks(checker);
  }

  /** The erased wire types of {@code model}, which must have validated cleanly. */
  public List<TypeMirror> collect(InterfaceModel model) {
    TreeMap<String, TypeMirror> byName = new TreeMap<>();
    Consumer<TypeMirror> sink = t -> byName.putIfAbsent(className(t), t);
    for (MethodModel method : model.methods()) {
      for (ParameterModel parameter : method.parameters()) {
        checker.check(parameter.type(), sink);
      }
      checks.checkResult(method, sink);
    }
    // the declared exceptions and the typed causes their constructors take
    for (ExceptionModel exception : model.exceptions()) {
      checker.checkException(exception.type(), sink);
    }
    return List.copyOf(byName.values());
  }

  /** The name {@link Class#getName()} gives the erased type at run time. */
  String className(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return "[" + descriptor(((ArrayType) type).getComponentType());
    }
    return elements.getBinaryName((TypeElement) ((DeclaredType) type).asElement()).toString();
  }

  private String descriptor(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
        return "Z";
      case BYTE:
        return "B";
      case SHORT:
        return "S";
      case CHAR:
        return "C";
      case INT:
        return "I";
      case LONG:
        return "J";
      case FLOAT:
        return "F";
      case DOUBLE:
        return "D";
      case ARRAY:
        return className(type);
      default:
        return "L" + className(type) + ";";
    }
  }
}
