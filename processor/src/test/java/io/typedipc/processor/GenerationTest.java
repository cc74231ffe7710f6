package io.typedipc.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Structural checks of generated code beyond the golden files. Every fixture compiles together
 * with its generated code under {@code -Xlint:all -Werror}, so "succeeded" already means the
 * generated code is warning-free.
 */
class GenerationTest {

  @Test
  void genericInterfacesGetGenericProxiesAndDispatchers() {
    Compilation compilation = Compiler.compileDirectory("fixtures/generics");
    assertThat(compilation).succeededWithoutWarnings();

    source(compilation, "com.example.generics.Box_Proxy")
        .contains("final class Box_Proxy<T> extends AbstractProxy implements Box<T> {");
    source(compilation, "com.example.generics.Box_Proxy")
        .contains(
            "  @Override\n  @SuppressWarnings(\"unchecked\")\n  public void addAll(T... values) {");
    source(compilation, "com.example.generics.Box_Dispatcher")
        .contains("this.target.put((T) args[0]);");
    source(compilation, "com.example.generics.Box_Binding")
        .contains("return new Box_Dispatcher<>((Box<?>) target);");
    source(compilation, "com.example.generics.Registry_Proxy")
        .contains(
            "final class Registry_Proxy<K extends Comparable<K>, V> extends AbstractProxy"
                + " implements Registry<K, V> {");
    source(compilation, "com.example.generics.Registry_Dispatcher")
        .contains("final class Registry_Dispatcher<K extends Comparable<K>, V> implements Dispatcher");
    // a type variable's erasure is its bound: identity, parameter types and result type use it
    source(compilation, "com.example.generics.Registry_Binding")
        .contains(
            "\"first()\",\n      \"K first()\",\n      MethodDescriptor.Kind.SYNC,\n"
                + "      Comparable.class,");
    source(compilation, "com.example.generics.Registry_Binding")
        .contains("\"put(java.lang.Comparable,java.lang.Object)\",\n      \"void put(K, V)\",");
    source(compilation, "com.example.generics.Registry_Proxy")
        .contains("return this.remote.callAsync(Registry_Binding.GET_ASYNC, new Object[] {key});");
    services(compilation)
        .isEqualTo("com.example.generics.Box_Binding\ncom.example.generics.Registry_Binding\n");
  }

  @Test
  void sharedInterfacesCrossAsReferencesAndTheirTypeArgumentsAreWireTypes() {
    Compilation compilation = Compiler.compileDirectory("fixtures/sharedrefs");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.refs.Counters_Proxy");
    proxy.contains(
        "public Counter counter(String name) {\n"
            + "    return this.remote.call(Counters_Binding.COUNTER, new Object[] {name});");
    proxy.contains("public Map<String, Folder<Counters.Money>> folders() {");
    source(compilation, "com.example.refs.Counters_Dispatcher")
        .contains("this.target.adopt((String) args[0], (Counter) args[1]);");
    StringSubject binding = source(compilation, "com.example.refs.Counters_Binding");
    binding.contains("MethodDescriptor.Kind.SYNC,\n      Counter.class,");
    binding.contains("MethodDescriptor.Kind.ASYNC,\n      Counter.class,");
    // the shared interfaces are no wire types; arrays of them, records holding them and the
    // type arguments of shared types are
    binding.contains(
        "      MethodDescriptor.types(\n"
            + "          Counter[].class,\n"
            + "          Counters.Holder.class,\n"
            + "          Counters.Money.class,\n"
            + "          Optional.class));");
    services(compilation)
        .isEqualTo(
            "com.example.refs.Counter_Binding\n"
                + "com.example.refs.Counters_Binding\n"
                + "com.example.refs.Folder_Binding\n");
  }

  @Test
  void channelsGetAProducerProxyAConsumerDispatcherAndAChannelBinding() {
    Compilation compilation = Compiler.compileDirectory("fixtures/channels");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.channels.OrderEvents_Proxy");
    proxy.contains("Producer-side proxy of {@link OrderEvents}: sends every call as a message.");
    proxy.contains(
        "public void cancelled(long orderId, String reason) {\n"
            + "    try (MessageWriter message = this.messages.begin(OrderEvents_Binding.CANCELLED)) {\n"
            + "      message.writeLong(orderId);\n"
            + "      message.writeString(reason);\n"
            + "      message.send();\n"
            + "    }");
    proxy.doesNotContain("new Object[]");
    source(compilation, "com.example.channels.OrderEvents_Dispatcher")
        .contains("Consumer-side dispatcher of {@link OrderEvents}");
    source(compilation, "com.example.channels.OrderEvents_Binding")
        .contains("OrderEvents.Order.class),\n      InterfaceDescriptor.Kind.CHANNEL);");
    services(compilation).isEqualTo("com.example.channels.OrderEvents_Binding\n");
  }

  @Test
  void aChannelsMemberTypesNamedLikeTheMessageSpiDoNotHideIt() {
    Compilation compilation = Compiler.compileDirectory("fixtures/channelnames");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.names.Envelopes_Proxy");
    proxy.contains("try (io.typedipc.spi.MessageWriter message = this.messages.begin(Envelopes_Binding.SENT)) {");
    proxy.contains("message.writeObject(writer, Envelopes.MessageWriter.class);");
    source(compilation, "com.example.names.Envelopes_Dispatcher")
        .contains("Envelopes.MessageReader reader = message.readObject(Envelopes.MessageReader.class);");
  }

  @Test
  void aSharedInterfacesMemberTypesNamedLikeTheProxySpiDoNotHideIt() {
    Compilation compilation = Compiler.compileDirectory("fixtures/sharednames");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.names.Desk_Proxy");
    proxy.contains("Desk_Proxy(io.typedipc.spi.RemoteObject remote) {");
    proxy.contains("public Desk.RemoteObject lookup(Desk.AbstractProxy proxy) {");
  }

  @Test
  void dispatcherNeedsNoSuppressionWhenEveryCastIsChecked() {
    Compilation compilation = Compiler.compileDirectory("fixtures/nesting");
    assertThat(compilation).succeededWithoutWarnings();

    source(compilation, "com.example.nesting.Hidden_Dispatcher").doesNotContain("SuppressWarnings");
    source(compilation, "com.example.nesting.Hidden_Proxy").doesNotContain("SuppressWarnings");
    source(compilation, "com.example.nesting.Hidden_Binding").doesNotContain("SuppressWarnings");
  }

  @Test
  void inheritedMethodsAreRemoteWithTheSuperInterfacesTypeArguments() {
    Compilation compilation = Compiler.compileDirectory("fixtures/inheritance");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.inheritance.Documents_Proxy");
    proxy.contains("public String load(String id) throws IOException {");
    proxy.contains("public void save(String id, String value) {");
    proxy.contains("public List<String> all() {");
    proxy.contains("public String title(String id) {");
    // default methods run on the client, static and Object methods are not remote
    proxy.doesNotContain("size()");
    proxy.doesNotContain("loadOrEmpty");
    proxy.doesNotContain("none()");
    proxy.doesNotContain("toString");
    proxy.doesNotContain("equals");
    proxy.doesNotContain("hashCode");
    source(compilation, "com.example.inheritance.Documents_Binding")
        .contains("\"save(java.lang.String,java.lang.String)\",");
    source(compilation, "com.example.inheritance.Documents_Binding")
        .contains("List.of(TITLE, LOAD, SAVE, ALL)");
  }

  @Test
  void nestedAndPackagePrivateInterfacesGetFlatNamesInTheirPackage() {
    Compilation compilation = Compiler.compileDirectory("fixtures/nesting");
    assertThat(compilation).succeededWithoutWarnings();

    source(compilation, "com.example.nesting.Outer_Inner_Proxy")
        .contains("final class Outer_Inner_Proxy extends AbstractProxy implements Outer.Inner {");
    source(compilation, "com.example.nesting.Outer_Inner_Deeper_Binding")
        .contains("return new Outer_Inner_Deeper_Dispatcher((Outer.Inner.Deeper) target);");
    source(compilation, "com.example.nesting.Hidden_Binding")
        .contains("public final class Hidden_Binding implements SharedBinding {");
    services(compilation)
        .isEqualTo(
            "com.example.nesting.Hidden_Binding\n"
                + "com.example.nesting.Outer_Inner_Binding\n"
                + "com.example.nesting.Outer_Inner_Deeper_Binding\n");
  }

  @Test
  void valuesTheirComponentsAndFieldsAreWireTypesSortedByClassName() {
    Compilation compilation = Compiler.compileDirectory("fixtures/values");
    assertThat(compilation).succeededWithoutWarnings();

    // records (+ components, with the generic record's actual type arguments), enums, user
    // classes (+ fields, through the user superclass; not transient or static ones), arrays,
    // JDK value types, concrete containers; not String, boxes or collection interfaces
    source(compilation, "com.example.values.Shapes_Binding")
        .contains(
            "      MethodDescriptor.types(\n"
                + "          int[].class,\n"
                + "          Label.Pair[].class,\n"
                + "          Point[].class,\n"
                + "          int[][].class,\n"
                + "          Color.class,\n"
                + "          Label.class,\n"
                + "          Label.Pair.class,\n"
                + "          Point.class,\n"
                + "          Shape.class,\n"
                + "          BigDecimal.class,\n"
                + "          URI.class,\n"
                + "          LocalDate.class,\n"
                + "          ArrayList.class,\n"
                + "          Locale.class,\n"
                + "          Optional.class,\n"
                + "          TreeMap.class,\n"
                + "          UUID.class));");
  }

  @Test
  void eachDeclaredExceptionIsRebuiltByTheConstructorThatTakesItsMessageAndFields() {
    Compilation compilation = Compiler.compileDirectory("fixtures/exceptions");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject exceptions = source(compilation, "com.example.exceptions.Limits_Exceptions");
    // message plus fields, read through accessors
    exceptions.contains(
        "(message, cause, fields) -> new OverLimitException(message, (long) fields[0]));");
    // inherited fields, the constructor taking the most of them, parameters matched by name
    exceptions.contains("e -> new Object[] {e.getUnit(), e.limit()},");
    exceptions.contains(
        "new UnitLimitException(message, (long) fields[1], (String) fields[0]));");
    // fields only: the constructor computes the message (so the codec does not take it)
    exceptions.contains(
        "ExceptionCodec.builder(QuotaException.class)\n"
            + "      .field(\"quota\", int.class)\n"
            + "      .field(\"user\", String.class)\n"
            + "      .build(");
    // message plus cause, preferred to the constructor without the cause
    exceptions.contains("new BatchFailedException(message, cause, (int) fields[0]));");
    // a typed cause: cast, and its class (a JDK exception, by convention) gets a codec too
    exceptions.contains(".cause(IOException.class)");
    exceptions.contains("new StorageException(message, (IOException) cause));");
    exceptions.contains("(message, cause, fields) -> new IOException(message, cause));");
    // fields the constructor does not take: set through a setter or the visible field
    exceptions.contains(
        "TaggedException e = new TaggedException(message);\n"
            + "          e.severity = (int) fields[0];\n"
            + "          e.setTags((List<String>) fields[1]);\n"
            + "          return e;");
    exceptions.contains(
        "static final List<ExceptionCodec<?>> ALL = List.of(OVER_LIMIT_EXCEPTION, "
            + "UNIT_LIMIT_EXCEPTION, QUOTA_EXCEPTION, BATCH_FAILED_EXCEPTION, STORAGE_EXCEPTION, "
            + "TAGGED_EXCEPTION, IO_EXCEPTION);");
    source(compilation, "com.example.exceptions.Limits_Binding")
        .contains("InterfaceDescriptor.Kind.SHARED,\n      Limits_Exceptions.ALL);");
  }

  @Test
  void theJdksExceptionsAreRebuiltByConventionWithTheirMessage() {
    Compilation compilation = Compiler.compileDirectory("fixtures/exceptions");
    assertThat(compilation).succeededWithoutWarnings();

    // their parameters are named s as often as message: (String) is the message, whatever its name
    StringSubject exceptions = source(compilation, "com.example.exceptions.Waits_Exceptions");
    exceptions.contains("(message, cause, fields) -> new InterruptedException(message));");
    exceptions.contains("(message, cause, fields) -> new TimeoutException(message));");
    exceptions.contains("(message, cause, fields) -> new FileNotFoundException(message));");
    // public (String, Throwable), not the protected constructors
    exceptions.contains("(message, cause, fields) -> new ExecutionException(message, cause));");
  }

  @Test
  void interfacesWithoutCheckedExceptionsGetNoExceptionsClass() {
    Compilation compilation = Compiler.compileDirectory("fixtures/generics");
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(
            compilation.generatedSourceFiles().stream()
                .anyMatch(f -> f.getName().endsWith("_Exceptions.java")))
        .isFalse();
  }

  @Test
  void optionalNestedGenericsAndFuturesKeepTheirFullTypes() {
    Compilation compilation = Compiler.compileDirectory("fixtures/values");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.values.Shapes_Proxy");
    proxy.contains(
        "public Optional<List<Map<String, Set<Point>>>> nested() {\n"
            + "    return this.remote.call(Shapes_Binding.NESTED, NO_ARGS);");
    proxy.contains(
        "public CompletableFuture<Void> flush() {\n"
            + "    return this.remote.callAsync(Shapes_Binding.FLUSH, NO_ARGS);");
    proxy.contains("public void pairs(Label.Pair<Color, Locale>[] pairs) {");
    StringSubject binding = source(compilation, "com.example.values.Shapes_Binding");
    // an async method's result type is the future's type argument, erased
    binding.contains("MethodDescriptor.Kind.ASYNC,\n      Void.class,");
    binding.contains("MethodDescriptor.Kind.ASYNC,\n      List.class,");
    binding.contains("\"java.util.Optional<java.util.List<java.util.Map<java.lang.String,"
        + "java.util.Set<com.example.values.Point>>>> nested()\"");
    source(compilation, "com.example.values.Shapes_Dispatcher")
        .contains("this.target.pairs((Label.Pair<Color, Locale>[]) args[0]);");
  }

  @Test
  void serviceFileListsEveryBindingOfTheCompilationSorted() {
    Compilation compilation =
        Compiler.compile(
            "fixtures/nesting/com/example/nesting/Outer.java",
            "fixtures/generics/com/example/generics/Box.java");
    assertThat(compilation).succeededWithoutWarnings();

    services(compilation)
        .isEqualTo(
            "com.example.generics.Box_Binding\n"
                + "com.example.nesting.Outer_Inner_Binding\n"
                + "com.example.nesting.Outer_Inner_Deeper_Binding\n");
  }

  @Test
  void deprecatedMethodsAndTypesCauseNoWarningInGeneratedCode() {
    Compilation compilation = Compiler.compileDirectory("fixtures/deprecation");
    assertThat(compilation).succeededWithoutWarnings();

    StringSubject proxy = source(compilation, "com.example.old.Legacy_Proxy");
    proxy.contains("@SuppressWarnings({\"deprecation\", \"removal\"})");
    proxy.contains("  @Override\n  @Deprecated\n  public int old() {");
    // a codec calling a deprecated constructor and accessor
    source(compilation, "com.example.old.Retired_Exceptions")
        .contains(
            "  @SuppressWarnings({\"deprecation\", \"removal\"})\n"
                + "  static final ExceptionCodec<Retired.RetiredException> RETIRED_RETIRED_EXCEPTION");
  }

  /** README: "the java.time value types" — its enums {@code DayOfWeek} and {@code Month} too. */
  @Test
  void javaTimesEnumsAreValueTypes() {
    Compilation compilation = Compiler.compile(java.util.List.of(com.google.testing.compile.JavaFileObjects.forSourceString(
        "com.example.week.Calendar",
        "package com.example.week;\n"
            + "import java.time.DayOfWeek;\n"
            + "import java.time.Month;\n"
            + "import java.util.List;\n"
            + "import java.util.Map;\n"
            + "@io.typedipc.annotation.Shared\n"
            + "public interface Calendar {\n"
            + "  DayOfWeek firstDay(Month month, int year);\n"
            + "  Map<Month, List<DayOfWeek>> busy(DayOfWeek... days);\n"
            + "}\n")));
    assertThat(compilation).succeededWithoutWarnings();
    source(compilation, "com.example.week.Calendar_Binding").contains("DayOfWeek.class");
    source(compilation, "com.example.week.Calendar_Binding").contains("Month.class");
  }

  private static StringSubject source(Compilation compilation, String name) {
    return assertThat(compilation).generatedSourceFile(name).contentsAsUtf8String();
  }

  private static StringSubject services(Compilation compilation) {
    return assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/io.typedipc.spi.SharedBinding")
        .contentsAsUtf8String();
  }
}
