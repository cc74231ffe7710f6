package io.typedipc.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import io.typedipc.processor.model.ParameterModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Writes {@code Foo_Dispatcher}: the server-side stub that calls the real object, with an {@code
 * int switch} over method ids and one cast per argument; no reflection. A {@code @Channel}'s also
 * reads each message's arguments straight from the message ({@code MessageDispatcher}).
 */
public final class DispatcherWriter {
  private static final String METHOD_ID = "methodId";
  private static final String ARGS = "args";

  private final GeneratedFiles files;
  private final Types types;

  /** Creates a writer using the compiler's utilities. */
  public DispatcherWriter(ProcessingEnvironment env) {
    this.files = new GeneratedFiles(env);
    this.types = env.getTypeUtils();
  }

  /** The dispatcher's source file. */
  public JavaFile write(InterfaceModel model, Names names) {
    TypeName target = TypeName.get(model.type());
    TypeSpec.Builder dispatcher =
        TypeSpec.classBuilder(names.dispatcher())
            .addJavadoc(
                model.isChannel()
                    ? "Consumer-side dispatcher of {@link $T}: delivers each message as a call on the\n"
                        + "consumer's implementation, chosen by method id; {@code deliver} reads the\n"
                        + "arguments straight from the message, {@code dispatch} takes them from an array.\n"
                    : "Server-side dispatcher of {@link $T}: calls the real object, chosen by method id.\n",
                names.interfaceName())
            .addModifiers(Modifier.FINAL)
            .addSuperinterface(Spi.DISPATCHER)
            .addTypeVariables(TypeNames.typeVariables(model))
            .addField(target, Names.TARGET, Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addParameter(target, Names.TARGET)
                    .addStatement("this.$N = $N", Names.TARGET, Names.TARGET)
                    .build())
            .addMethods(dispatch(model, names));
    if (model.isChannel()) {
      dispatcher.addSuperinterface(Spi.MESSAGE_DISPATCHER).addMethods(deliver(model, names));
    }
    return files.finish(dispatcher, model, names.dispatcher());
  }

  /**
   * A {@code @Channel}'s {@code deliver}: per message, reads each argument straight from the
   * message into a local, checks the message ends there, then calls the handler.
   */
  private List<MethodSpec> deliver(InterfaceModel model, Names names) {
    List<List<MethodModel>> groups = CodeSize.groups(model.methods(), CodeSize::deliverCase);
    if (groups.size() == 1) {
      return List.of(
          deliverSwitch(MethodSpec.methodBuilder("deliver").addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC), groups.get(0), names));
    }
    MethodSpec.Builder deliver =
        MethodSpec.methodBuilder("deliver")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(int.class, METHOD_ID)
            .addParameter(Spi.MESSAGE_READER, Names.CHANNEL_MESSAGE);
    return inParts("deliver", deliver, groups, "message", names,
        helper -> CodeBlock.builder()
            .addStatement("$N($N, $N)", helper, METHOD_ID, Names.CHANNEL_MESSAGE)
            .addStatement("return")
            .build(),
        (helper, group) -> deliverSwitch(helper, group, names));
  }

  /** A {@code deliver} switch over {@code methods}, in the method {@code deliver} begins. */
  private MethodSpec deliverSwitch(MethodSpec.Builder deliver, List<MethodModel> methods, Names names) {
    deliver
        .addParameter(int.class, METHOD_ID)
        .addParameter(Spi.MESSAGE_READER, Names.CHANNEL_MESSAGE);
    boolean unchecked = false;
    deliver.beginControlFlow("switch ($N)", METHOD_ID);
    for (MethodModel method : methods) {
      NameAllocator allocator = new NameAllocator();
      allocator.newName(METHOD_ID);
      allocator.newName(Names.CHANNEL_MESSAGE);
      deliver.addCode("case $L -> { // $L\n$>", hex(method.id()), method.identity());
      List<CodeBlock> arguments = new ArrayList<>();
      for (ParameterModel parameter : method.parameters()) {
        String local = allocator.newName(parameter.name());
        arguments.add(CodeBlock.of("$N", local));
        TypeMirror type = parameter.type();
        ArgumentForm form = ArgumentForm.of(type, types);
        CodeBlock read =
            form.takesType()
                ? CodeBlock.of(
                    "$N.$N($L)",
                    Names.CHANNEL_MESSAGE,
                    form.reader(),
                    TypeNames.classLiteral(type, types))
                : CodeBlock.of("$N.$N()", Names.CHANNEL_MESSAGE, form.reader());
        if (!TypeNames.isReifiable(type)) {
          // a parameterized type or a type variable: the reader checked the erased type
          unchecked = true;
          read = CodeBlock.of("($T) $L", TypeName.get(type), read);
        }
        deliver.addStatement("$T $N = $L", TypeName.get(type), local, read);
      }
      deliver
          .addStatement("$N.end()", Names.CHANNEL_MESSAGE)
          .addStatement("$L.$N($L)", target(method), method.name(), CodeBlock.join(arguments, ", "))
          .addCode("$<}\n");
    }
    deliver.addCode("default -> ").addStatement(noSuchMember(names, "message")).endControlFlow();
    if (unchecked) {
      deliver.addAnnotation(GeneratedFiles.suppressWarnings(List.of("unchecked")));
    }
    return deliver.build();
  }

  private List<MethodSpec> dispatch(InterfaceModel model, Names names) {
    List<List<MethodModel>> groups = CodeSize.groups(model.methods(), CodeSize::dispatchCase);
    if (groups.size() == 1) {
      return List.of(
          dispatchSwitch(MethodSpec.methodBuilder("dispatch").addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC), groups.get(0), names));
    }
    MethodSpec.Builder dispatch =
        MethodSpec.methodBuilder("dispatch")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(Object.class)
            .addParameter(int.class, METHOD_ID)
            .addParameter(Object[].class, ARGS)
            .addException(Exception.class);
    return inParts("dispatch", dispatch, groups, "method", names,
        helper -> CodeBlock.builder().addStatement("return $N($N, $N)", helper, METHOD_ID, ARGS).build(),
        (helper, group) -> dispatchSwitch(helper, group, names));
  }

  /**
   * A switch too large for one method, in parts: {@code entry}, the method {@code name}, switches
   * over every id, sending each group's ids, with the code {@code route} gives, to a private helper
   * of its own ({@code name} and the group's index) that {@code part} writes.
   *
   * @return {@code entry}, then the helpers
   */
  private static List<MethodSpec> inParts(
      String name,
      MethodSpec.Builder entry,
      List<List<MethodModel>> groups,
      String member,
      Names names,
      Function<String, CodeBlock> route,
      BiFunction<MethodSpec.Builder, List<MethodModel>, MethodSpec> part) {
    List<MethodSpec> methods = new ArrayList<>();
    entry.beginControlFlow("switch ($N)", METHOD_ID);
    for (int g = 0; g < groups.size(); g++) {
      String helper = name + g;
      for (MethodModel method : groups.get(g)) {
        entry.addCode("case $L: // $L\n", hex(method.id()), method.identity());
      }
      entry.addCode("$>$L$<", route.apply(helper));
      methods.add(
          part.apply(
              MethodSpec.methodBuilder(helper)
                  .addJavadoc(IN_GROUPS, g + 1, groups.size(), name)
                  .addModifiers(Modifier.PRIVATE),
              groups.get(g)));
    }
    entry.addCode("default:\n$>").addStatement(noSuchMember(names, member)).addCode("$<").endControlFlow();
    methods.add(0, entry.build());
    return methods;
  }

  /** Javadoc of a helper holding one group of a switch too large for one method. */
  private static final String IN_GROUPS =
      "Part $L of $L of {@code $L}: the whole switch would pass the JVM's limit of code per method.\n";

  /** {@code throw new IllegalArgumentException("p.Foo has no method with id 0x" + …)}. */
  private static CodeBlock noSuchMember(Names names, String member) {
    return CodeBlock.of(
        "throw new $T($S + $T.toHexString($N))",
        IllegalArgumentException.class,
        names.interfaceName().canonicalName() + " has no " + member + " with id 0x",
        Integer.class,
        METHOD_ID);
  }

  /** A {@code dispatch} switch over {@code methods}, in the method {@code dispatch} begins. */
  private MethodSpec dispatchSwitch(MethodSpec.Builder dispatch, List<MethodModel> methods, Names names) {
    dispatch
        .returns(Object.class)
        .addParameter(int.class, METHOD_ID)
        .addParameter(Object[].class, ARGS)
        .addException(Exception.class);
    boolean unchecked = false;
    dispatch.beginControlFlow("switch ($N)", METHOD_ID);
    for (MethodModel method : methods) {
      List<CodeBlock> arguments = new ArrayList<>();
      for (int i = 0; i < method.parameters().size(); i++) {
        ParameterModel parameter = method.parameters().get(i);
        unchecked |= !TypeNames.isReifiable(parameter.type());
        // a primitive is cast as itself ((int) args[0], unboxing): cast to its box, the argument
        // would pick an overload taking the box (f(Integer) over f(int)) where both exist
        arguments.add(CodeBlock.of("($T) $N[$L]", TypeName.get(parameter.type()), ARGS, i));
      }
      CodeBlock call =
          CodeBlock.of("$L.$N($L)", target(method), method.name(), CodeBlock.join(arguments, ", "));
      dispatch.addCode("case $L: // $L\n$>", hex(method.id()), method.identity());
      if (method.returnType().getKind() == TypeKind.VOID) {
        dispatch.addStatement(call).addStatement("return null");
      } else {
        dispatch.addStatement("return $L", call);
      }
      dispatch.addCode("$<");
    }
    dispatch.addCode("default:\n$>").addStatement(noSuchMember(names, "method")).addCode("$<").endControlFlow();
    if (unchecked) {
      // casting Object to a parameterized type or a type variable cannot be checked at run time;
      // the runtime decoded each argument against the method's declared parameter types
      dispatch.addAnnotation(GeneratedFiles.suppressWarnings(List.of("unchecked")));
    }
    return dispatch.build();
  }

  /**
   * {@code this.target}, or {@code ((Base) this.target)} for a method inherited along several
   * paths whose call on the interface itself javac finds ambiguous.
   */
  private static CodeBlock target(MethodModel method) {
    return method.callThrough() == null
        ? CodeBlock.of("this.$N", Names.TARGET)
        : CodeBlock.of("(($T) this.$N)", TypeName.get(method.callThrough()), Names.TARGET);
  }

  /** {@code 0x1a2b3c4d}: ids read best in hex, as the runtime prints them. */
  static String hex(int id) {
    return String.format(Locale.ROOT, "0x%08x", id);
  }
}
