package io.typedipc.processor.model;

import java.util.stream.Collectors;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.element.TypeElement;

/**
 * Types as text for method identities and signatures: what javac's {@code toString()} prints
 * ({@code java.util.Map<java.lang.String,java.util.List<T>>}, {@code int[]}, {@code ? extends
 * java.lang.Number}), without type annotations. javac prints those too ({@code @Nullable
 * java.lang.String}), and a method's wire id must not change when a parameter gains one, nor
 * depend on whether the interface was read from source or from a class file.
 */
public final class TypeStrings {
  private TypeStrings() {}

  /** {@code type} as javac prints it, without type annotations. */
  public static String of(TypeMirror type) {
    if (type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
      return type.getKind().name().toLowerCase(java.util.Locale.ROOT);
    }
    switch (type.getKind()) {
      case ARRAY:
        return of(((ArrayType) type).getComponentType()) + "[]";
      case TYPEVAR:
        return ((TypeVariable) type).asElement().getSimpleName().toString();
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          return "? extends " + of(wildcard.getExtendsBound());
        }
        return wildcard.getSuperBound() != null ? "? super " + of(wildcard.getSuperBound()) : "?";
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        TypeMirror enclosing = declared.getEnclosingType();
        String name =
            enclosing.getKind() == TypeKind.DECLARED
                ? of(enclosing) + "." + element.getSimpleName()
                : element.getQualifiedName().toString();
        return declared.getTypeArguments().isEmpty()
            ? name
            : declared.getTypeArguments().stream()
                .map(TypeStrings::of)
                .collect(Collectors.joining(",", name + "<", ">"));
      default:
        return type.toString();
    }
  }
}
