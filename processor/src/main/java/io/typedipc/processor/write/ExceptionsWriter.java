package io.typedipc.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.typedipc.processor.model.ExceptionModel;
import io.typedipc.processor.model.ExceptionModel.Access;
import io.typedipc.processor.model.ExceptionModel.Field;
import io.typedipc.processor.model.ExceptionModel.Source;
import io.typedipc.processor.model.InterfaceModel;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Writes {@code Foo_Exceptions}: one {@code ExceptionCodec} constant per exception class that
 * {@code Foo}'s methods declare (and per typed cause their constructors take), which reads the
 * exception's fields in the Manager and calls the constructor the processor chose in the client;
 * no reflection. Written only for interfaces that declare checked exceptions.
 */
public final class ExceptionsWriter {
  private final GeneratedFiles files;
  private final Types types;

  /** Creates a writer using the compiler's utilities. */
  public ExceptionsWriter(ProcessingEnvironment env) {
    this.files = new GeneratedFiles(env);
    this.types = env.getTypeUtils();
  }

  /** The exceptions class's source file; {@code model} must declare exceptions. */
  public JavaFile write(InterfaceModel model, Names names) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(names.exceptions())
            .addJavadoc(
                "How the exceptions that {@link $T}'s methods declare travel: each codec reads the\n"
                    + "exception's fields in the Manager and calls the constructor the processor"
                    + " chose in the\nclient.\n",
                names.interfaceName())
            .addModifiers(Modifier.FINAL);
    List<CodeBlock> all = new ArrayList<>();
    for (ExceptionModel exception : model.exceptions()) {
      type.addField(codec(exception, names));
      all.add(CodeBlock.of("$N", names.codec(exception)));
    }
    TypeName codecOfAny =
        ParameterizedTypeName.get(Spi.EXCEPTION_CODEC, WildcardTypeName.subtypeOf(Object.class));
    type.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(ClassName.get(List.class), codecOfAny),
                    Names.ALL_CODECS,
                    Modifier.STATIC,
                    Modifier.FINAL)
                .addJavadoc("Every codec above, for the binding's descriptor.\n")
                .initializer("$T.of($L)", List.class, CodeBlock.join(all, ", "))
                .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    return files.finish(type, model, names.exceptions());
  }

  private FieldSpec codec(ExceptionModel exception, Names names) {
    ClassName exceptionType = ClassName.get(exception.element());
    ExceptionModel.Constructor constructor = exception.rebuild();
    CodeBlock.Builder init =
        CodeBlock.builder().add("$T.builder($T.class)$>$>", Spi.EXCEPTION_CODEC, exceptionType);
    for (Field field : exception.fields()) {
      init.add("\n.field($S, $L)", field.name(), TypeNames.classLiteral(field.type(), types));
    }
    if (constructor.takesMessage()) {
      init.add("\n.message()");
    }
    if (constructor.causeType() != null) {
      init.add("\n.cause($L)", TypeNames.classLiteral(constructor.causeType(), types));
    }
    init.add("\n.build(\n$>$L,\n$L)$<$<$<", reader(exception), rebuilder(exception));
    FieldSpec.Builder field =
        FieldSpec.builder(
                ParameterizedTypeName.get(Spi.EXCEPTION_CODEC, exceptionType),
                names.codec(exception),
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc("{@code $L}\n", describe(exception))
            .initializer(init.build());
    List<String> suppressed = new ArrayList<>();
    if (exception.fields().stream().anyMatch(f -> !TypeNames.isReifiable(f.type()))) {
      // casting a field value to a parameterized type cannot be checked at run time; the runtime
      // checked it against the field's erased type
      suppressed.add("unchecked");
    }
    if (usesDeprecated(exception)) {
      // the user already sees the warning where the member is declared
      suppressed.add("deprecation");
      suppressed.add("removal");
    }
    if (!suppressed.isEmpty()) {
      field.addAnnotation(GeneratedFiles.suppressWarnings(suppressed));
    }
    return field.build();
  }

  /** Whether the codec calls a deprecated constructor, accessor or setter, or reads such a field. */
  private boolean usesDeprecated(ExceptionModel exception) {
    if (files.isDeprecated(exception.rebuild().element())) {
      return true;
    }
    for (int i = 0; i < exception.fields().size(); i++) {
      Field field = exception.fields().get(i);
      if (files.isDeprecated(field.read().element())
          || (!exception.rebuild().takesField(i) && files.isDeprecated(field.restore().element()))) {
        return true;
      }
    }
    return false;
  }

  /** {@code e -> new Object[] {e.limit(), e.code}}. */
  private static CodeBlock reader(ExceptionModel exception) {
    if (exception.fields().isEmpty()) {
      return CodeBlock.of("$N -> $T.NO_FIELDS", Names.EXCEPTION, Spi.EXCEPTION_CODEC);
    }
    List<CodeBlock> values = new ArrayList<>();
    for (Field field : exception.fields()) {
      Access read = field.read();
      values.add(
          read.field()
              ? CodeBlock.of("$N.$N", Names.EXCEPTION, read.name())
              : CodeBlock.of("$N.$N()", Names.EXCEPTION, read.name()));
    }
    return CodeBlock.of(
        "$N -> new $T[] {$L}", Names.EXCEPTION, Object.class, CodeBlock.join(values, ", "));
  }

  /**
   * {@code (message, cause, fields) -> new OverLimitException(message, (long) fields[0])}, with a
   * block that sets the remaining fields when the constructor does not take them all.
   */
  private static CodeBlock rebuilder(ExceptionModel exception) {
    ExceptionModel.Constructor constructor = exception.rebuild();
    List<CodeBlock> arguments = new ArrayList<>();
    for (Source source : constructor.sources()) {
      switch (source.kind()) {
        case MESSAGE -> arguments.add(CodeBlock.of("$N", Names.MESSAGE));
        case CAUSE ->
            arguments.add(
                isThrowable(source.type())
                    ? CodeBlock.of("$N", Names.CAUSE)
                    : CodeBlock.of("($T) $N", TypeName.get(source.type()), Names.CAUSE));
        case FIELD -> arguments.add(fieldValue(exception, source.field()));
      }
    }
    ClassName type = ClassName.get(exception.element());
    CodeBlock create = CodeBlock.of("new $T($L)", type, CodeBlock.join(arguments, ", "));
    List<CodeBlock> restores = new ArrayList<>();
    for (int i = 0; i < exception.fields().size(); i++) {
      if (!constructor.takesField(i)) {
        Access restore = exception.fields().get(i).restore();
        restores.add(
            restore.field()
                ? CodeBlock.of(
                    "$N.$N = $L;\n", Names.EXCEPTION, restore.name(), fieldValue(exception, i))
                : CodeBlock.of(
                    "$N.$N($L);\n", Names.EXCEPTION, restore.name(), fieldValue(exception, i)));
      }
    }
    CodeBlock parameters = CodeBlock.of("($N, $N, $N) ->", Names.MESSAGE, Names.CAUSE, Names.FIELDS);
    if (restores.isEmpty()) {
      return CodeBlock.of("$L $L", parameters, create);
    }
    return CodeBlock.builder()
        .add("$L {\n$>", parameters)
        .add("$T $N = $L;\n", type, Names.EXCEPTION, create)
        .add(CodeBlock.join(restores, ""))
        .add("return $N;\n$<}", Names.EXCEPTION)
        .build();
  }

  private static boolean isThrowable(TypeMirror type) {
    return TypeName.get(type).equals(ClassName.get(Throwable.class));
  }

  /** {@code (long) fields[0]}. */
  private static CodeBlock fieldValue(ExceptionModel exception, int index) {
    TypeMirror type = exception.fields().get(index).type();
    return CodeBlock.of("($T) $N[$L]", TypeName.get(type), Names.FIELDS, index);
  }

  /** {@code new OverLimitException(message, limit)}, for the constant's Javadoc. */
  private static String describe(ExceptionModel exception) {
    List<String> arguments = new ArrayList<>();
    for (Source source : exception.rebuild().sources()) {
      arguments.add(
          switch (source.kind()) {
            case MESSAGE -> Names.MESSAGE;
            case CAUSE -> Names.CAUSE;
            case FIELD -> exception.fields().get(source.field()).name();
          });
    }
    return "new " + exception.element().getSimpleName() + "(" + String.join(", ", arguments) + ")";
  }
}
