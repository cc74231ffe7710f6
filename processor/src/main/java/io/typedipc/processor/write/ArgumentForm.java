package io.typedipc.processor.write;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * How one argument of a {@code @Channel} message travels: the {@code MessageWriter} method the
 * proxy writes it with and the {@code MessageReader} method the dispatcher reads it with. Chosen
 * from the parameter's erased type exactly as the runtime's {@code MessageCodec} chooses it for an
 * argument array, so both paths write the same bytes: primitives as themselves, {@code String} in
 * its length-prefixed form, everything else as an object of its erased type.
 */
enum ArgumentForm {
  INT("Int"),
  LONG("Long"),
  DOUBLE("Double"),
  FLOAT("Float"),
  BOOLEAN("Boolean"),
  BYTE("Byte"),
  SHORT("Short"),
  CHAR("Char"),
  STRING("String"),
  OBJECT("Object");

  private final String suffix;

  ArgumentForm(String suffix) {
    this.suffix = suffix;
  }

  /** The form of a parameter of type {@code type}. */
  static ArgumentForm of(TypeMirror type, Types types) {
    switch (type.getKind()) {
      case INT:
        return INT;
      case LONG:
        return LONG;
      case DOUBLE:
        return DOUBLE;
      case FLOAT:
        return FLOAT;
      case BOOLEAN:
        return BOOLEAN;
      case BYTE:
        return BYTE;
      case SHORT:
        return SHORT;
      case CHAR:
        return CHAR;
      default:
        // by the class's name, not the type's text: that carries type annotations
        TypeMirror erasure = types.erasure(type);
        return erasure.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) erasure).asElement())
                    .getQualifiedName()
                    .contentEquals(String.class.getCanonicalName())
            ? STRING
            : OBJECT;
    }
  }

  /** {@code writeLong}, {@code writeString}, {@code writeObject}, … */
  String writer() {
    return "write" + suffix;
  }

  /** {@code readLong}, {@code readString}, {@code readObject}, … */
  String reader() {
    return "read" + suffix;
  }

  /** Whether the value goes with its erased type's class literal ({@code writeObject(v, T.class)}). */
  boolean takesType() {
    return this == OBJECT;
  }
}
