package io.typedipc.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per misuse: each fixture in {@code fixtures/misuse/misuse} breaks one rule, and the
 * processor must report exactly one typedipc error, with this exact text, on this line.
 *
 * <p>Not tested: {@code [typedipc:local-type]}, because javac never shows local classes to
 * annotation processors ({@code RoundEnvironment} does not look into method bodies), and {@code
 * [typedipc:internal-error]}, which only a bug can cause.
 */
class MisuseTest {

  static Stream<Arguments> misuses() {
    return Stream.of(
        misuse(
            "AbstractParameter",
            "void drain(",
            "[typedipc:abstract-type] parameter 'queue' of drain: "
                + "java.util.Queue<java.lang.String> is an interface, so the receiver cannot "
                + "know which class to create. Use a record, an enum, a concrete class, or "
                + "one of the supported collection interfaces (List, Set, Map, Collection, "
                + "SortedSet, SortedMap)."),
        misuse( // README: the java.time value types, "not the abstract ZoneId"
            "ZoneIdParameter",
            "void move(",
            "[typedipc:abstract-type] parameter 'zone' of move: java.time.ZoneId is an "
                + "abstract class (send zone.getId(), a String, and ZoneId.of it on the other "
                + "side), so the receiver cannot know which class to create."),
        misuse( // README: "other JDK enums such as TimeUnit are refused"
            "JdkEnumParameter",
            "void delay(",
            "[typedipc:jdk-enum] parameter 'unit' of delay: java.util.concurrent.TimeUnit is an "
                + "enum of the JDK; of those only java.time's DayOfWeek and Month cross the "
                + "process boundary. Send its name() as a String (and valueOf it on the other "
                + "side), or declare an enum of your own."),
        misuse( // a class extending a JDK collection travels as one: its type arguments are checked
            "ObjectInJdkSuperclass",
            "void store(",
            "[typedipc:object-type] parameter 'bag' of store: value type java.lang.Object of "
                + "java.util.Map<java.lang.String,java.lang.Object> "
                + "(misuse.ObjectInJdkSuperclass.Bag is one) cannot cross the process boundary"),
        misuse(
            "ChannelNotVoid",
            "boolean cancelled(",
            "[typedipc:channel-not-void] @Channel method cancelled(long) returns "
                + "boolean; channel messages are one-way and nothing travels back to the "
                + "producer. Make it return void, or use a @Shared interface for calls with "
                + "results."),
        misuse(
            "ChannelThrows",
            "void placed(",
            "[typedipc:channel-throws] @Channel method placed(java.lang.String) "
                + "declares checked exceptions (java.io.IOException, "
                + "java.lang.InterruptedException); channel messages are one-way, so nothing "
                + "can be thrown back to the producer. Remove the throws clause and handle "
                + "failures in the consumer."),
        misuse(
            "ClassLoaderParameter",
            "void use(",
            "[typedipc:class-loader] parameter 'loader' of use: java.lang.ClassLoader "
                + "is a class loader, which exists only in this JVM. Send a class name (a "
                + "String) instead."),
        misuse(
            "ClassParameter",
            "int count(",
            "[typedipc:class-object] parameter 'type' of count: java.lang.Class<?> "
                + "cannot cross the process boundary: Class objects are not data and would "
                + "let the peer choose what to load. Send a class name (a String) or an enum "
                + "instead."),
        misuse(
            "DuplicateId",
            "void op131859()",
            "[typedipc:duplicate-id] method op131859() has the wire id 0x4811d462, the "
                + "same as op71136() (ids are the first 4 bytes of the SHA-256 of the name "
                + "and erased parameter types). Rename one of the two methods."),
        misuse(
            "ExceptionTypeVariable",
            "void run() throws X",
            "[typedipc:exception-type-variable] method run() declares throws X, a type "
                + "variable; the proxy must know the concrete exception class to rethrow it. "
                + "Declare a concrete exception class."),
        misuse(
            "FunctionInMap",
            "void register(",
            "[typedipc:functional-interface] parameter 'handlers' of register: value "
                + "type java.util.function.Function<java.lang.String,java.lang.String> of "
                + "java.util.Map<java.lang.String,java.util.function.Function<java.lang.String,java.lang.String>> "
                + "is a functional interface; functional interfaces are code, not data, and "
                + "cannot cross the process boundary. Send data (a record or an enum) that "
                + "tells the other side what to do."),
        misuse(
            "FunctionalParameter",
            "void submit(",
            "[typedipc:functional-interface] parameter 'task' of submit: "
                + "java.lang.Runnable is a functional interface; functional interfaces are "
                + "code, not data, and cannot cross the process boundary. Send data (a record "
                + "or an enum) that tells the other side what to do."),
        misuse(
            "ThrowsThrowable",
            "void run() throws Throwable",
            "[typedipc:not-exception] method run() declares throws java.lang.Throwable, which is"
                + " not an Exception: a remote method's failure travels back as an Exception (or"
                + " an Error), and the Manager's dispatcher cannot pass on other Throwables."
                + " Declare the Exception classes the method throws (at the widest, throws"
                + " Exception)."),
        misuse(
            "ThrowsOwnThrowable",
            "void halt() throws Stop",
            "[typedipc:not-exception] method halt() declares throws"
                + " misuse.ThrowsOwnThrowable.Stop, which is not an Exception"),
        misuse(
            "CompletionStageResult",
            "CompletionStage<String> lookup(",
            "[typedipc:future] return type of lookup:"
                + " java.util.concurrent.CompletionStage<java.lang.String> is a future, a result"
                + " still pending in this process, which cannot be copied to another. An"
                + " asynchronous method returns CompletableFuture<T>: declare the return type as"
                + " that (T crosses once the call completes); as a parameter or a value, send the"
                + " result once it is known."),
        misuse(
            "FinalizeMethod",
            "void finalize();",
            "[typedipc:finalize] method finalize() overrides Object.finalize() in the generated"
                + " proxy, which the JVM calls when the proxy is garbage collected: the remote"
                + " method would run then, on the JVM's finalizer thread. Rename the method."),
        misuse(
            "GenericMethod",
            "T max(",
            "[typedipc:generic-method] method "
                + "max(java.lang.Comparable,java.lang.Comparable) declares type parameters "
                + "<T>; a remote method cannot be generic because both sides must agree on "
                + "the types that cross the wire. Use concrete types, or make the type "
                + "parameter a parameter of the interface."),
        misuse(
            "InnerClassParameter",
            "void put(",
            "[typedipc:inner-class] parameter 'item' of put: "
                + "misuse.InnerClassParameter.Holder.Item is an inner (non-static) class, "
                + "which cannot be created without an enclosing instance. Declare it static, "
                + "or make it a record."),
        misuse(
            "NioChannelParameter",
            "void adopt(",
            "[typedipc:nio-channel] parameter 'channel' of adopt: "
                + "java.nio.channels.SocketChannel is an NIO channel, an open resource owned "
                + "by this process. Send the data, or a path or an address, instead."),
        misuse(
            "NoConstructor",
            "void put(",
            "[typedipc:no-constructor] parameter 'point' of put: "
                + "misuse.NoConstructor.Point has no no-arg constructor, which the receiver "
                + "needs to rebuild the value. Add one (it may be private) or make it a "
                + "record."),
        misuse(
            "NotInterfaceAnnotation",
            "public @interface",
            "[typedipc:not-interface] @Shared can only annotate an interface; "
                + "NotInterfaceAnnotation is an annotation type. Declare it as an interface "
                + "and implement it in a class you register with the Manager."),
        misuse(
            "NotInterfaceClass",
            "public class",
            "[typedipc:not-interface] @Shared can only annotate an interface; "
                + "NotInterfaceClass is a class. Declare it as an interface and implement it "
                + "in a class you register with the Manager."),
        misuse(
            "NotInterfaceEnum",
            "public enum",
            "[typedipc:not-interface] @Channel can only annotate an interface; "
                + "NotInterfaceEnum is an enum. Declare it as an interface and implement it "
                + "in a class you register with the Manager."),
        misuse(
            "NotInterfaceRecord",
            "public record",
            "[typedipc:not-interface] @Shared can only annotate an interface; "
                + "NotInterfaceRecord is a record. Declare it as an interface and implement "
                + "it in a class you register with the Manager."),
        misuse(
            "ExceptionMissingConstructor",
            "void spend(long amount) throws OverLimit",
            "[typedipc:exception-constructor] method spend(long) declares throws "
                + "misuse.ExceptionMissingConstructor.OverLimit, which the client cannot rebuild "
                + "faithfully: no non-private constructor takes its message and its field limit "
                + "(parameters are matched to fields by name, and a String named message takes "
                + "the message). Add a constructor OverLimit(String message, long limit) { "
                + "super(message); this.limit = limit; }."),
        misuse(
            "ExceptionHiddenField",
            "void spend(long amount) throws OverLimit",
            "[typedipc:exception-field] method spend(long) declares throws "
                + "misuse.ExceptionHiddenField.OverLimit, whose field OverLimit.limit is not "
                + "visible to the generated code in package misuse, so the Manager cannot send "
                + "it. Add a public accessor limit() returning it, or declare the field "
                + "transient if it need not travel."),
        misuse(
            "ExceptionJdkState",
            "void open(String uri) throws URISyntaxException",
            "[typedipc:exception-jdk-state] method open(java.lang.String) declares throws "
                + "java.net.URISyntaxException, which keeps state in fields of the JDK class "
                + "java.net.URISyntaxException (index, input) that typedipc can neither read nor "
                + "restore. Throw an exception class of your own that carries what the caller "
                + "needs, with a constructor (String message, ...)."),
        misuse(
            "ExceptionAbstract",
            "void run() throws Failed",
            "[typedipc:exception-abstract] method run() declares throws "
                + "misuse.ExceptionAbstract.Failed, an abstract class, which the client cannot "
                + "create. Declare the concrete exception classes the method throws."),
        misuse(
            "ExceptionInnerClass",
            "void run() throws Jobs.Failed",
            "[typedipc:exception-inner-class] method run() declares throws misuse.Jobs.Failed, "
                + "an inner (non-static) class, which the client cannot create without an "
                + "enclosing instance. Declare it static."),
        misuse(
            "ExceptionCause",
            "void run() throws Failed",
            "[typedipc:exception-cause] method run() declares throws "
                + "misuse.ExceptionCause.Failed, whose constructor takes a cause of type "
                + "misuse.ExceptionCause.Broken, which the client cannot rebuild (it is "
                + "abstract). Declare the cause parameter as Throwable, so that any cause "
                + "arrives (described, if its class cannot travel), or make "
                + "misuse.ExceptionCause.Broken rebuildable."),
        misuse(
            // inherited from a super-interface: on the @Shared interface, the message names the method
            "ExceptionInherited",
            "public interface ExceptionInherited",
            "[typedipc:exception-constructor] method spend(long) (inherited from "
                + "misuse.ExceptionBase) declares throws misuse.ExceptionBase.OverLimit, which "
                + "the client cannot rebuild faithfully: no non-private constructor takes its "
                + "message and its field limit (parameters are matched to fields by name, and a "
                + "String named message takes the message). Add a constructor OverLimit(String "
                + "message, long limit) { super(message); this.limit = limit; }."),
        misuse(
            "ExceptionInLongThrowsClause",
            "          NotEnough;",
            "[typedipc:exception-constructor] method transfer(java.lang.String,"
                + "java.lang.String,long) declares throws misuse.ExceptionInLongThrowsClause."
                + "NotEnough, which the client cannot rebuild faithfully: no non-private "
                + "constructor takes its message and its field missing (parameters are matched "
                + "to fields by name, and a String named message takes the message). Add a "
                + "constructor NotEnough(String message, long missing) { super(message); "
                + "this.missing = missing; }."),
        misuse(
            "ExceptionWithBadField",
            "void run() throws Failed",
            "[typedipc:object-type] method run(): field Failed.detail "
                + "(java.lang.Object) cannot cross the process boundary: Object does not say "
                + "which class travels, and only known classes may be deserialized. Use a "
                + "concrete type (a record, an enum, a supported JDK type) or a type "
                + "parameter of the interface."),
        misuse(
            "FutureOfObject",
            "CompletableFuture<Object> start()",
            "[typedipc:object-type] return type of start: result type java.lang.Object "
                + "of java.util.concurrent.CompletableFuture<java.lang.Object> cannot cross "
                + "the process boundary: Object does not say which class travels, and only "
                + "known classes may be deserialized. Use a concrete type (a record, an enum, "
                + "a supported JDK type) or a type parameter of the interface."),
        misuse(
            "InheritedBadMethod",
            "public interface InheritedBadMethod",
            "[typedipc:object-type] return type of get (inherited from "
                + "misuse.InheritedBase): java.lang.Object cannot cross the process boundary: "
                + "Object does not say which class travels, and only known classes may be "
                + "deserialized. Use a concrete type (a record, an enum, a supported JDK "
                + "type) or a type parameter of the interface."),
        misuse(
            "ObjectInList",
            "int reserve(",
            "[typedipc:object-type] parameter 'orders' of reserve: element type "
                + "java.lang.Object of java.util.List<java.lang.Object> cannot cross the "
                + "process boundary: Object does not say which class travels, and only known "
                + "classes may be deserialized. Use a concrete type (a record, an enum, a "
                + "supported JDK type) or a type parameter of the interface."),
        misuse(
            "ObjectParameter",
            "void put(",
            "[typedipc:object-type] parameter 'value' of put: java.lang.Object cannot "
                + "cross the process boundary: Object does not say which class travels, and "
                + "only known classes may be deserialized. Use a concrete type (a record, an "
                + "enum, a supported JDK type) or a type parameter of the interface."),
        misuse(
            "NestedInPrivate",
            "interface Api",
            "[typedipc:private-type] @Shared interface Api is nested in private type "
                + "Hidden, so the classes typedipc generates beside it cannot implement or "
                + "call it. Make it (and every type enclosing it) package-private or public."),
        misuse(
            "PrivateInterface",
            "private interface Secret",
            "[typedipc:private-type] @Shared interface Secret is private, so the "
                + "classes typedipc generates beside it cannot implement or call it. Make it "
                + "(and every type enclosing it) package-private or public."),
        misuse(
            "PrivateValueType",
            "void put(",
            "[typedipc:private-value-type] parameter 'secret' of put: "
                + "misuse.PrivateValueType.Secret is private (or nested in a private type), "
                + "so the generated classes cannot name it. Make it package-private or "
                + "public."),
        misuse(
            "RawFuture",
            "CompletableFuture start()",
            "[typedipc:raw-type] return type of start: "
                + "java.util.concurrent.CompletableFuture is a raw type, so the receiver "
                + "cannot know what it contains. Add type arguments (declared as "
                + "java.util.concurrent.CompletableFuture<T>)."),
        misuse(
            "RawType",
            "Map snapshot()",
            "[typedipc:raw-type] return type of snapshot: java.util.Map is a raw type, "
                + "so the receiver cannot know what it contains. Add type arguments (declared "
                + "as java.util.Map<K,V>)."),
        misuse(
            "WriterParameter",
            "void dump(",
            "[typedipc:reader-writer] parameter 'out' of dump: java.io.Writer is a "
                + "character reader or writer, bound to a resource of this process. Read the "
                + "content into a String first."),
        misuse(
            "BothAnnotations",
            "public interface BothAnnotations",
            "[typedipc:shared-and-channel] BothAnnotations is annotated with both "
                + "@Shared and @Channel; a type is either a shared object (@Shared) or a "
                + "channel of one-way messages (@Channel). Remove one of the two."),
        misuse(
            "ChannelParameter",
            "void forward(",
            "[typedipc:channel-type] parameter 'events' of forward: "
                + "misuse.ChannelParameter.Events is a @Channel interface; a channel cannot be "
                + "passed or returned, it lives in the Manager and is reached by name. Pass the "
                + "channel's name (a String) and open a producer or consumer for it on the other "
                + "side."),
        misuse(
            "SharedInChannel",
            "void assigned(",
            "[typedipc:shared-in-channel] parameter 'counter' of assigned: "
                + "misuse.SharedInChannel.Counter is a @Shared interface; @Channel messages "
                + "cannot carry shared objects. Send the name the object is hosted under in the "
                + "Manager, and look it up on the other side."),
        misuse(
            "RawShared",
            "Folder folder(",
            "[typedipc:raw-type] return type of folder: misuse.RawShared.Folder is a raw type, "
                + "so the receiver cannot know what it contains. Add type arguments (declared "
                + "as misuse.RawShared.Folder<T>)."),
        misuse(
            "SharedOfObject",
            "Folder<Object> folder(",
            "[typedipc:object-type] return type of folder: type argument java.lang.Object of "
                + "misuse.SharedOfObject.Folder<java.lang.Object> cannot cross the process "
                + "boundary: Object does not say which class travels, and only known classes may "
                + "be deserialized. Use a concrete type (a record, an enum, a supported JDK type) "
                + "or a type parameter of the interface."),
        misuse(
            "SocketParameter",
            "void adopt(",
            "[typedipc:socket] parameter 'connection' of adopt: java.net.Socket is a "
                + "socket, an open connection owned by this process. Send the address (a "
                + "String or java.net.URI) and connect on the other side."),
        misuse(
            "InputStreamParameter",
            "void upload(",
            "[typedipc:stream] parameter 'content' of upload: java.io.InputStream is a "
                + "stream; a stream is consumed once and belongs to this process. Collect it "
                + "first (into a List, or a byte[] for I/O streams)."),
        misuse(
            "StreamResult",
            "Stream<String> lines()",
            "[typedipc:stream] return type of lines: "
                + "java.util.stream.Stream<java.lang.String> is a stream; a stream is "
                + "consumed once and belongs to this process. Collect it first (into a List, "
                + "or a byte[] for I/O streams)."),
        misuse(
            "ChannelBadParameter",
            "void started(",
            "[typedipc:thread] parameter 'worker' of started: java.lang.Thread is a "
                + "thread, which lives in one JVM and cannot be copied to another. Send data "
                + "that describes the work and start the thread where it runs."),
        misuse(
            "FieldOfRecord",
            "void place(",
            "[typedipc:thread] parameter 'orders' of place: field Customer.session "
                + "(java.lang.Thread) in component Order.customer "
                + "(misuse.FieldOfRecord.Customer) is a thread, which lives in one JVM and cannot be "
                + "copied to another. Send data that describes the work and start the thread "
                + "where it runs."),
        misuse(
            "ThreadParameter",
            "void watch(",
            "[typedipc:thread] parameter 'worker' of watch: java.lang.Thread is a "
                + "thread, which lives in one JVM and cannot be copied to another. Send data "
                + "that describes the work and start the thread where it runs."),
        misuse(
            "UnsupportedJdkType",
            "void add(",
            "[typedipc:unsupported-type] parameter 'counter' of add: "
                + "java.util.concurrent.atomic.AtomicInteger is not a supported value type; "
                + "use a record or one of the supported types instead (primitives and their "
                + "boxes, String, enums, records, arrays, List, Set, Map, Optional, "
                + "BigInteger, BigDecimal, UUID, java.time values, or a static class with a "
                + "no-arg constructor)."),
        misuse(
            "Wildcard",
            "void addAll(",
            "[typedipc:wildcard] parameter 'numbers' of addAll: type argument ? extends "
                + "java.lang.Number of java.util.List<? extends java.lang.Number> is a "
                + "wildcard; the receiver needs the exact type. Replace the wildcard with the "
                + "exact type, e.g. List<Order> instead of List<? extends Order>."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void reportsTheMisuseOnItsElement(String fixture, String line, String message) {
    JavaFileObject source =
        JavaFileObjects.forResource("fixtures/misuse/misuse/" + fixture + ".java");
    Compilation compilation = Compiler.compile(List.of(source));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    long typedipcErrors =
        compilation.errors().stream()
            .filter(d -> d.getMessage(null).contains("[typedipc:"))
            .count();
    assertWithMessage("typedipc errors in %s", compilation.errors())
        .that(typedipcErrors)
        .isEqualTo(1);
  }

  private static Arguments misuse(String fixture, String line, String message) {
    return Arguments.of(fixture, line, message);
  }
}
