package io.typedipc.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
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
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Writes {@code Foo_Proxy}: the client-side class implementing {@code Foo}, each remote method
 * sending its arguments through the {@code RemoteObject}. Default methods are inherited and run
 * on the client.
 */
public final class ProxyWriter {
  private final GeneratedFiles files;
  private final Types types;
  private final TypeMirror autoCloseable;

  /** Creates a writer using the compiler's utilities. */
  public ProxyWriter(ProcessingEnvironment env) {
    this.files = new GeneratedFiles(env);
    this.types = env.getTypeUtils();
    this.autoCloseable = env.getElementUtils().getTypeElement("java.lang.AutoCloseable").asType();
  }

  /** The proxy's source file. */
  public JavaFile write(InterfaceModel model, Names names) {
    TypeSpec.Builder proxy =
        TypeSpec.classBuilder(names.proxy())
            .addJavadoc(
                model.isChannel()
                    ? "Producer-side proxy of {@link $T}: sends every call as a message.\n"
                    : "Client-side proxy of {@link $T}: sends every call to the object in the Manager.\n",
                names.interfaceName())
            .addModifiers(Modifier.FINAL)
            .superclass(Spi.ABSTRACT_PROXY)
            .addSuperinterface(TypeName.get(model.type()))
            .addTypeVariables(TypeNames.typeVariables(model))
            // the interface's member types are inherited: an interface's own RemoteObject or
            // MessageWriter must not hide the SPI's, so such names are written qualified
            .avoidClashesWithNestedClasses(model.element());
    if (model.isChannel()) {
      proxy.addField(Spi.MESSAGE_SENDER, Names.MESSAGES, Modifier.PRIVATE, Modifier.FINAL);
      proxy.addMethod(
          MethodSpec.constructorBuilder()
              .addParameter(Spi.REMOTE_OBJECT, Names.REMOTE)
              .addStatement("super($N)", Names.REMOTE)
              .addStatement(
                  "this.$N = $T.of($N)", Names.MESSAGES, Spi.MESSAGE_SENDER, Names.REMOTE)
              .build());
      for (MethodModel method : model.methods()) {
        proxy.addMethod(message(method, names));
      }
      return files.finish(proxy, model, names.proxy(), repeatedWarnings(model));
    }
    if (model.methods().stream().anyMatch(m -> m.parameters().isEmpty())) {
      proxy.addField(
          FieldSpec.builder(
                  Object[].class,
                  Names.NO_ARGS,
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer("{}")
              .build());
    }
    proxy.addMethod(
        MethodSpec.constructorBuilder()
            .addParameter(Spi.REMOTE_OBJECT, Names.REMOTE)
            .addStatement("super($N)", Names.REMOTE)
            .build());
    for (MethodModel method : model.methods()) {
      proxy.addMethod(method(method, names));
    }
    return files.finish(proxy, model, names.proxy(), repeatedWarnings(model));
  }

  /**
   * The warnings javac gives the proxy for what it repeats of the interface, which the user sees
   * (and may suppress) on the interface: an {@code AutoCloseable} whose {@code close()} may
   * throw {@code InterruptedException} ({@code throws Exception}) gets "try"; a method varargs
   * along one inheritance path only, "overrides" (only the proxy overrides both).
   */
  private List<String> repeatedWarnings(InterfaceModel model) {
    List<String> warnings = new ArrayList<>();
    if (types.isSubtype(types.erasure(model.type()), autoCloseable)) {
      warnings.add("try");
    }
    if (model.methods().stream()
        .anyMatch(m -> m.declarations().stream().anyMatch(d -> d.isVarArgs() != m.varargs()))) {
      // a method inherited as f(T...) along one path and f(T[]) along another: the override
      // cannot match both ("overridden method has no '...'"), and javac checks overrides with
      // the class's lint settings, not the method's
      warnings.add("overrides");
    }
    return warnings;
  }

  /**
   * A {@code @Channel} method: writes each argument straight into the message, in a
   * try-with-resources block that takes the message out again if a write fails.
   */
  private MethodSpec message(MethodModel method, Names names) {
    NameAllocator allocator = new NameAllocator();
    allocator.newName(names.binding().simpleName()); // must not be shadowed by a parameter
    MethodSpec.Builder spec = signature(method);
    List<String> arguments = addParameters(spec, method, allocator);
    String message = allocator.newName(Names.CHANNEL_MESSAGE);
    spec.beginControlFlow(
        "try ($T $N = this.$N.begin($T.$N))",
        Spi.MESSAGE_WRITER,
        message,
        Names.MESSAGES,
        names.binding(),
        names.constant(method));
    for (int i = 0; i < arguments.size(); i++) {
      TypeMirror type = method.parameters().get(i).type();
      ArgumentForm form = ArgumentForm.of(type, types);
      if (form.takesType()) {
        spec.addStatement(
            "$N.$N($N, $L)",
            message,
            form.writer(),
            arguments.get(i),
            TypeNames.classLiteral(type, types));
      } else {
        spec.addStatement("$N.$N($N)", message, form.writer(), arguments.get(i));
      }
    }
    return spec.addStatement("$N.send()", message).endControlFlow().build();
  }

  /** The override's modifiers, return type, exceptions and annotations, without parameters. */
  /** Adds the method's parameters under names the allocator keeps apart; returns those names. */
  private static List<String> addParameters(MethodSpec.Builder spec, MethodModel method, NameAllocator allocator) {
    List<String> names = new ArrayList<>();
    for (ParameterModel parameter : method.parameters()) {
      String name = allocator.newName(parameter.name());
      names.add(name);
      spec.addParameter(TypeName.get(parameter.type()), name);
    }
    return names;
  }

  private MethodSpec.Builder signature(MethodModel method) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.get(method.returnType()))
            .varargs(method.varargs());
    if (files.isDeprecated(method.element())) {
      spec.addAnnotation(Deprecated.class);
    }
    for (TypeMirror thrown : method.thrownTypes()) {
      spec.addException(TypeName.get(thrown));
    }
    if (method.varargs() && !isReifiableVarargs(method)) {
      // the override repeats the interface's generic varargs parameter: "possible heap pollution"
      spec.addAnnotation(GeneratedFiles.suppressWarnings(List.of("unchecked")));
    }
    return spec;
  }

  private MethodSpec method(MethodModel method, Names names) {
    NameAllocator allocator = new NameAllocator();
    // unqualified names the body uses must not be shadowed by a parameter ("remote" is always
    // accessed as this.remote, so a parameter may keep that name)
    allocator.newName(Names.NO_ARGS);
    allocator.newName(names.binding().simpleName());
    MethodSpec.Builder spec = signature(method);
    List<String> arguments = addParameters(spec, method, allocator);
    CodeBlock call =
        CodeBlock.of(
            "this.$N.$N($T.$N, $L)",
            Names.REMOTE,
            method.async() ? "callAsync" : "call",
            names.binding(),
            names.constant(method),
            argumentArray(arguments));
    boolean returns = method.returnType().getKind() != TypeKind.VOID;
    CodeBlock statement = returns ? CodeBlock.of("return $L", call) : call;
    if (method.async() || method.checkedExceptions().isEmpty()) {
      return spec.addStatement(statement).build();
    }
    String e = allocator.newName("e");
    spec.beginControlFlow("try")
        .addStatement(statement)
        .nextControlFlow("catch ($T $N)", Spi.DECLARED_EXCEPTION, e);
    for (TypeMirror exception : method.checkedExceptions()) {
      spec.addStatement("$N.rethrowIf($T.class)", e, TypeName.get(types.erasure(exception)));
    }
    return spec.addStatement("throw $N.unexpected()", e).endControlFlow().build();
  }

  /** {@code new Object[] {a, b}}, or the shared empty array: never a varargs spread. */
  private static CodeBlock argumentArray(List<String> arguments) {
    if (arguments.isEmpty()) {
      return CodeBlock.of("$N", Names.NO_ARGS);
    }
    CodeBlock list =
        arguments.stream().map(a -> CodeBlock.of("$N", a)).collect(CodeBlock.joining(", "));
    return CodeBlock.of("new $T[] {$L}", Object.class, list);
  }

  private static boolean isReifiableVarargs(MethodModel method) {
    TypeMirror last = method.parameters().get(method.parameters().size() - 1).type();
    return TypeNames.isReifiable(((ArrayType) last).getComponentType());
  }
}
