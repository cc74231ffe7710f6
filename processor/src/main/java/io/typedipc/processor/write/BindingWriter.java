package io.typedipc.processor.write;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Writes {@code Foo_Binding}: the public {@code SharedBinding} the runtime finds with {@code
 * ServiceLoader}, holding one {@code MethodDescriptor} constant per remote method, the {@code
 * InterfaceDescriptor} and the factories of the proxy and the dispatcher.
 */
public final class BindingWriter {
  private static final String REMOTE = "remote";
  private static final String TARGET = "target";

  private final GeneratedFiles files;
  private final Types types;

  /** Creates a writer using the compiler's utilities. */
  public BindingWriter(ProcessingEnvironment env) {
    this.files = new GeneratedFiles(env);
    this.types = env.getTypeUtils();
  }

  /** The binding's source file; {@code wireTypes} are erased and already sorted. */
  public JavaFile write(InterfaceModel model, Names names, List<TypeMirror> wireTypes) {
    TypeSpec.Builder binding =
        TypeSpec.classBuilder(names.binding())
            .addJavadoc(
                "Binding of {@link $T} for the typedipc runtime: method descriptors, fingerprint,\n"
                    + "wire classes, and factories of the proxy and the dispatcher. Found with {@link"
                    + " $T}.\n",
                names.interfaceName(),
                java.util.ServiceLoader.class)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(Spi.SHARED_BINDING);
    List<List<MethodModel>> groups = CodeSize.groups(model.methods(), CodeSize::descriptor);
    boolean inParts = groups.size() > 1;
    if (inParts) {
      // each constant's initializer alone would pass the JVM's limit of code in the static
      // initializer: the descriptors are made in helper methods, into an array the constants read
      binding.addField(
          FieldSpec.builder(
                  ArrayTypeName.of(Spi.METHOD_DESCRIPTOR),
                  Names.ALL_METHODS,
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc("Every method's descriptor, in the order of the interface's methods.\n")
              .initializer("$N()", ALL_METHODS_METHOD)
              .build());
      binding.addMethod(allMethods(groups));
      for (int g = 0; g < groups.size(); g++) {
        binding.addMethod(describeGroup(groups, g));
      }
    }
    for (int i = 0; i < model.methods().size(); i++) {
      MethodModel method = model.methods().get(i);
      binding.addField(
          FieldSpec.builder(
                  Spi.METHOD_DESCRIPTOR, names.constant(method), Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("{@code $L}\n", method.signature())
              .initializer(inParts ? CodeBlock.of("$N[$L]", Names.ALL_METHODS, i) : methodDescriptor(method))
              .build());
    }
    binding.addField(
        FieldSpec.builder(
                Spi.INTERFACE_DESCRIPTOR,
                Names.DESCRIPTOR,
                Modifier.PRIVATE,
                Modifier.STATIC,
                Modifier.FINAL)
            .initializer(interfaceDescriptor(model, names, wireTypes, inParts))
            .build());
    binding
        .addMethod(
            MethodSpec.constructorBuilder()
                .addJavadoc("Called by {@link $T}.\n", java.util.ServiceLoader.class)
                .addModifiers(Modifier.PUBLIC)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("descriptor")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(Spi.INTERFACE_DESCRIPTOR)
                .addStatement("return $N", Names.DESCRIPTOR)
                .build())
        .addMethod(newProxy(model, names))
        .addMethod(newDispatcher(model, names));
    return files.finish(binding, model, names.binding());
  }

  /** The method filling {@link Names#ALL_METHODS}, a group at a time. */
  private static final String ALL_METHODS_METHOD = "allMethods";

  private static MethodSpec allMethods(List<List<MethodModel>> groups) {
    int count = groups.stream().mapToInt(List::size).sum();
    MethodSpec.Builder all =
        MethodSpec.methodBuilder(ALL_METHODS_METHOD)
            .addJavadoc("The descriptors of all $L methods, made in $L parts.\n", count, groups.size())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(ArrayTypeName.of(Spi.METHOD_DESCRIPTOR))
            .addStatement("$T[] all = new $T[$L]", Spi.METHOD_DESCRIPTOR, Spi.METHOD_DESCRIPTOR, count);
    for (int g = 0; g < groups.size(); g++) {
      all.addStatement("$N$L(all)", ALL_METHODS_METHOD, g);
    }
    return all.addStatement("return all").build();
  }

  /** Part {@code g} of {@link #allMethods}: the descriptors of one group, at their indexes. */
  private MethodSpec describeGroup(List<List<MethodModel>> groups, int g) {
    int first = 0;
    for (int i = 0; i < g; i++) {
      first += groups.get(i).size();
    }
    MethodSpec.Builder part =
        MethodSpec.methodBuilder(ALL_METHODS_METHOD + g)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(ArrayTypeName.of(Spi.METHOD_DESCRIPTOR), "all");
    List<MethodModel> group = groups.get(g);
    for (int i = 0; i < group.size(); i++) {
      part.addStatement("all[$L] = $L", first + i, methodDescriptor(group.get(i)));
    }
    return part.build();
  }

  private CodeBlock methodDescriptor(MethodModel method) {
    List<TypeMirror> parameterTypes =
        method.parameters().stream().map(p -> p.type()).toList();
    return CodeBlock.builder()
        .add("new $T(\n$>$>", Spi.METHOD_DESCRIPTOR)
        .add("$L,\n", DispatcherWriter.hex(method.id()))
        .add("$S,\n", method.identity())
        .add("$S,\n", method.signature())
        .add("$T.$L,\n", Spi.METHOD_KIND, method.async() ? "ASYNC" : "SYNC")
        .add("$L,\n", TypeNames.classLiteral(method.resultType(), types))
        .add("$T.types($L),\n", Spi.METHOD_DESCRIPTOR, TypeNames.classLiterals(parameterTypes, types))
        .add(
            "$T.types($L))$<$<",
            Spi.METHOD_DESCRIPTOR,
            TypeNames.classLiterals(method.checkedExceptions(), types))
        .build();
  }

  /** {@code inParts}: the method descriptors are in {@link Names#ALL_METHODS}, not only in constants. */
  private CodeBlock interfaceDescriptor(
      InterfaceModel model, Names names, List<TypeMirror> wireTypes, boolean inParts) {
    CodeBlock methods =
        inParts
            ? CodeBlock.of("$N", Names.ALL_METHODS)
            : model.methods().stream()
                .map(m -> CodeBlock.of("$N", names.constant(m)))
                .collect(CodeBlock.joining(", "));
    return CodeBlock.builder()
        .add("new $T(\n$>$>", Spi.INTERFACE_DESCRIPTOR)
        .add("$T.class,\n", names.interfaceName())
        .add("$S,\n", model.fingerprint())
        .add("$T.of($L),\n", List.class, methods)
        .add("$T.types($L)", Spi.METHOD_DESCRIPTOR, onePerLine(wireTypes))
        .add(model.isChannel() ? CodeBlock.of(",\n$T.CHANNEL", Spi.INTERFACE_KIND) : CodeBlock.of(""))
        .add(
            model.exceptions().isEmpty() || model.isChannel()
                ? CodeBlock.of("")
                : CodeBlock.of(
                    ",\n$T.SHARED,\n$T.$N", Spi.INTERFACE_KIND, names.exceptions(), Names.ALL_CODECS))
        .add(")$<$<")
        .build();
  }

  /** The wire types' class literals, one per line: the list can be long. */
  private CodeBlock onePerLine(List<TypeMirror> wireTypes) {
    if (wireTypes.isEmpty()) {
      return CodeBlock.of("");
    }
    CodeBlock literals =
        wireTypes.stream()
            .map(t -> TypeNames.classLiteral(t, types))
            .collect(CodeBlock.joining(",\n"));
    return CodeBlock.of("\n$>$>$L$<$<", literals);
  }

  private MethodSpec newProxy(InterfaceModel model, Names names) {
    return MethodSpec.methodBuilder("newProxy")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Object.class)
        .addParameter(Spi.REMOTE_OBJECT, REMOTE)
        .addStatement(
            "return new $T$L($N)", names.proxy(), isGeneric(model) ? "<>" : "", REMOTE)
        .build();
  }

  private MethodSpec newDispatcher(InterfaceModel model, Names names) {
    TypeName cast =
        isGeneric(model)
            ? ParameterizedTypeName.get(
                names.interfaceName(),
                Collections.nCopies(
                        model.element().getTypeParameters().size(),
                        WildcardTypeName.subtypeOf(Object.class))
                    .toArray(TypeName[]::new))
            : names.interfaceName();
    return MethodSpec.methodBuilder("newDispatcher")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(Spi.DISPATCHER)
        .addParameter(Object.class, TARGET)
        .addStatement(
            "return new $T$L(($T) $N)",
            names.dispatcher(),
            isGeneric(model) ? "<>" : "",
            cast,
            TARGET)
        .build();
  }

  private static boolean isGeneric(InterfaceModel model) {
    return !model.element().getTypeParameters().isEmpty();
  }
}
