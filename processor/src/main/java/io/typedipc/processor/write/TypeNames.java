package io.typedipc.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import io.typedipc.processor.model.InterfaceModel;
import java.util.List;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/** Small helpers turning model types into JavaPoet names and code. */
final class TypeNames {
  private TypeNames() {}

  /** The interface's type variables, with their bounds, for the generated generic classes. */
  static List<TypeVariableName> typeVariables(InterfaceModel model) {
    return model.element().getTypeParameters().stream().map(TypeVariableName::get).toList();
  }

  /** {@code String.class}, {@code int[].class}, {@code List.class} for {@code List<String>}. */
  static CodeBlock classLiteral(TypeMirror type, Types types) {
    return CodeBlock.of("$T.class", TypeName.get(types.erasure(type)));
  }

  /** Class literals separated by commas. */
  static CodeBlock classLiterals(List<? extends TypeMirror> list, Types types) {
    return list.stream().map(t -> classLiteral(t, types)).collect(CodeBlock.joining(", "));
  }

  /**
   * Whether a cast from {@code Object} to {@code type} is checked at run time: false for type
   * variables and parameterized types, which need {@code @SuppressWarnings("unchecked")}.
   */
  static boolean isReifiable(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return isReifiable(((ArrayType) type).getComponentType());
      case TYPEVAR:
        return false;
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        for (TypeMirror argument : declared.getTypeArguments()) {
          if (argument.getKind() != TypeKind.WILDCARD
              || ((WildcardType) argument).getExtendsBound() != null
              || ((WildcardType) argument).getSuperBound() != null) {
            return false;
          }
        }
        return declared.getEnclosingType().getKind() != TypeKind.DECLARED
            || isReifiable(declared.getEnclosingType());
      default:
        return true;
    }
  }
}
