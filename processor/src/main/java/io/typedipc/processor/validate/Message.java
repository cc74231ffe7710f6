package io.typedipc.processor.validate;

import java.util.Locale;

/**
 * Every diagnostic the processor reports, each with a stable tag that tests, documentation and
 * users can search for. A message says what is wrong, on which element, and how to fix it.
 */
public enum Message {
  // ---- the annotated type ----
  /** Args: annotation simple name, type name, what the type is ("a class", "an enum", …). */
  NOT_INTERFACE(
      "not-interface",
      "@%s can only annotate an interface; %s is %s. Declare it as an interface and implement it"
          + " in a class you register with the Manager."),
  /** Args: type name. */
  SHARED_AND_CHANNEL(
      "shared-and-channel",
      "%s is annotated with both @Shared and @Channel; a type is either a shared object"
          + " (@Shared) or a channel of one-way messages (@Channel). Remove one of the two."),
  /** Args: annotation, type name, "is private" or "is nested in private type X". */
  PRIVATE_TYPE(
      "private-type",
      "@%s interface %s %s, so the classes typedipc generates beside it cannot implement or call"
          + " it. Make it (and every type enclosing it) package-private or public."),
  /** Args: annotation, type name. */
  LOCAL_TYPE(
      "local-type",
      "@%s interface %s is declared inside a method, so the classes typedipc generates cannot"
          + " see it. Move it to the top level or make it a member of a class."),

  // ---- a method as a whole ----
  /** Args: where (e.g. "method reserve"), type parameters. */
  GENERIC_METHOD(
      "generic-method",
      "%s declares type parameters %s; a remote method cannot be generic because both sides must"
          + " agree on the types that cross the wire. Use concrete types, or make the type"
          + " parameter a parameter of the interface."),
  /** Args: where, type variable. */
  EXCEPTION_TYPE_VARIABLE(
      "exception-type-variable",
      "%s declares throws %s, a type variable; the proxy must know the concrete exception class to"
          + " rethrow it. Declare a concrete exception class."),
  /** Args: where, the thrown type. */
  NOT_EXCEPTION(
      "not-exception",
      "%s declares throws %s, which is not an Exception: a remote method's failure travels back"
          + " as an Exception (or an Error), and the Manager's dispatcher cannot pass on other"
          + " Throwables. Declare the Exception classes the method throws (at the widest, throws"
          + " Exception)."),
  /** Args: where. */
  FINALIZE(
      "finalize",
      "%s overrides Object.finalize() in the generated proxy, which the JVM calls when the proxy"
          + " is garbage collected: the remote method would run then, on the JVM's finalizer"
          + " thread. Rename the method."),
  /** Args: where, id, the other method's identity. */
  DUPLICATE_ID(
      "duplicate-id",
      "%s has the wire id 0x%08x, the same as %s (ids are the first 4 bytes of the SHA-256 of the"
          + " name and erased parameter types). Rename one of the two methods."),
  /** Args: where, return type. */
  CHANNEL_NOT_VOID(
      "channel-not-void",
      "@Channel %s returns %s; channel messages are one-way and nothing travels back to the"
          + " producer. Make it return void, or use a @Shared interface for calls with results."),
  /** Args: where, exception list. */
  CHANNEL_THROWS(
      "channel-throws",
      "@Channel %s declares checked exceptions (%s); channel messages are one-way, so nothing can"
          + " be thrown back to the producer. Remove the throws clause and handle failures in the"
          + " consumer."),

  // ---- a type that would cross the wire; args: where, what (the type and its position) ----
  OBJECT_TYPE(
      "object-type",
      "%s: %s cannot cross the process boundary: Object does not say which class travels, and only"
          + " known classes may be deserialized. Use a concrete type (a record, an enum, a"
          + " supported JDK type) or a type parameter of the interface."),
  /** Args: where, what, the generic declaration. */
  RAW_TYPE(
      "raw-type",
      "%s: %s is a raw type, so the receiver cannot know what it contains. Add type arguments"
          + " (declared as %s)."),
  /** Args: where, what. */
  WILDCARD(
      "wildcard",
      "%s: %s is a wildcard; the receiver needs the exact type. Replace the wildcard with the"
          + " exact type, e.g. List<Order> instead of List<? extends Order>."),
  FUNCTIONAL_INTERFACE(
      "functional-interface",
      "%s: %s is a functional interface; functional interfaces are code, not data, and cannot"
          + " cross the process boundary. Send data (a record or an enum) that tells the other side"
          + " what to do."),
  /** Args: where, what, "an interface" or "an abstract class". */
  ABSTRACT_TYPE(
      "abstract-type",
      "%s: %s is %s, so the receiver cannot know which class to create. Use a record, an enum, a"
          + " concrete class, or one of the supported collection interfaces (List, Set, Map,"
          + " Collection, SortedSet, SortedMap)."),
  FUTURE(
      "future",
      "%s: %s is a future, a result still pending in this process, which cannot be copied to"
          + " another. An asynchronous method returns CompletableFuture<T>: declare the return"
          + " type as that (T crosses once the call completes); as a parameter or a value, send"
          + " the result once it is known."),
  THREAD(
      "thread",
      "%s: %s is a thread, which lives in one JVM and cannot be copied to another. Send data that"
          + " describes the work and start the thread where it runs."),
  STREAM(
      "stream",
      "%s: %s is a stream; a stream is consumed once and belongs to this process. Collect it"
          + " first (into a List, or a byte[] for I/O streams)."),
  READER_WRITER(
      "reader-writer",
      "%s: %s is a character reader or writer, bound to a resource of this process. Read the"
          + " content into a String first."),
  SOCKET(
      "socket",
      "%s: %s is a socket, an open connection owned by this process. Send the address (a String or"
          + " java.net.URI) and connect on the other side."),
  NIO_CHANNEL(
      "nio-channel",
      "%s: %s is an NIO channel, an open resource owned by this process. Send the data, or a path"
          + " or an address, instead."),
  CLASS_LOADER(
      "class-loader",
      "%s: %s is a class loader, which exists only in this JVM. Send a class name (a String)"
          + " instead."),
  CLASS_OBJECT(
      "class-object",
      "%s: %s cannot cross the process boundary: Class objects are not data and would let the peer"
          + " choose what to load. Send a class name (a String) or an enum instead."),
  JDK_ENUM(
      "jdk-enum",
      "%s: %s is an enum of the JDK; of those only java.time's DayOfWeek and Month cross the"
          + " process boundary. Send its name() as a String (and valueOf it on the other side), or"
          + " declare an enum of your own."),
  UNSUPPORTED_TYPE(
      "unsupported-type",
      "%s: %s is not a supported value type; use a record or one of the supported types instead"
          + " (primitives and their boxes, String, enums, records, arrays, List, Set, Map,"
          + " Optional, BigInteger, BigDecimal, UUID, java.time values, or a static class with a"
          + " no-arg constructor)."),
  /** Args: where, what. */
  CHANNEL_TYPE(
      "channel-type",
      "%s: %s is a @Channel interface; a channel cannot be passed or returned, it lives in the"
          + " Manager and is reached by name. Pass the channel's name (a String) and open a"
          + " producer or consumer for it on the other side."),
  /** Args: where, what. */
  SHARED_IN_CHANNEL(
      "shared-in-channel",
      "%s: %s is a @Shared interface; @Channel messages cannot carry shared objects. Send the name"
          + " the object is hosted under in the Manager, and look it up on the other side."),
  INNER_CLASS(
      "inner-class",
      "%s: %s is an inner (non-static) class, which cannot be created without an enclosing"
          + " instance. Declare it static, or make it a record."),
  NO_CONSTRUCTOR(
      "no-constructor",
      "%s: %s has no no-arg constructor, which the receiver needs to rebuild the value. Add one (it"
          + " may be private) or make it a record."),
  PRIVATE_VALUE_TYPE(
      "private-value-type",
      "%s: %s is private (or nested in a private type), so the generated classes cannot name it."
          + " Make it package-private or public."),

  // ---- a declared exception the client must rebuild; args start with where, the exception ----
  /** Args: where, exception, which constructors may be used, what it must take, suggestion. */
  EXCEPTION_CONSTRUCTOR(
      "exception-constructor",
      "%s declares throws %s, which the client cannot rebuild faithfully: no %s constructor takes"
          + " %s (parameters are matched to fields by name, and a String named message takes the"
          + " message). Add a constructor %s."),
  /** Args: where, exception, field, package, accessor name. */
  EXCEPTION_FIELD(
      "exception-field",
      "%s declares throws %s, whose field %s is not visible to the generated code in package %s,"
          + " so the Manager cannot send it. Add a public accessor %s() returning it, or declare"
          + " the field transient if it need not travel."),
  /** Args: where, exception, JDK class, its fields. */
  EXCEPTION_JDK_STATE(
      "exception-jdk-state",
      "%s declares throws %s, which keeps state in fields of the JDK class %s (%s) that typedipc"
          + " can neither read nor restore. Throw an exception class of your own that carries what"
          + " the caller needs, with a constructor (String message, ...)."),
  /** Args: where, exception. */
  EXCEPTION_ABSTRACT(
      "exception-abstract",
      "%s declares throws %s, an abstract class, which the client cannot create. Declare the"
          + " concrete exception classes the method throws."),
  /** Args: where, exception. */
  EXCEPTION_INNER_CLASS(
      "exception-inner-class",
      "%s declares throws %s, an inner (non-static) class, which the client cannot create"
          + " without an enclosing instance. Declare it static."),
  /** Args: where, exception, cause type, why the cause type cannot be rebuilt, cause type. */
  EXCEPTION_CAUSE(
      "exception-cause",
      "%s declares throws %s, whose constructor takes a cause of type %s, which the client cannot"
          + " rebuild (%s). Declare the cause parameter as Throwable, so that any cause arrives"
          + " (described, if its class cannot travel), or make %s rebuildable."),

  // ---- the generated classes ----
  /** Args: annotation, interface, generated class. */
  GENERATED_NAME_TAKEN(
      "generated-name-taken",
      "@%s interface %s: typedipc generates %s for it, but this compilation already has a type of"
          + " that name: a class of yours, or the one typedipc generates for another interface"
          + " (Outer.Inner and Outer_Inner both give Outer_Inner_Proxy). Rename one of the two."),

  // ---- the processor itself ----
  /** Args: element, exception. */
  INTERNAL_ERROR(
      "internal-error",
      "typedipc failed while processing %s: %s. This is a bug in typedipc; please report it.");

  private final String tag;
  private final String format;

  Message(String tag, String format) {
    this.tag = tag;
    this.format = format;
  }

  /** The stable tag, e.g. {@code not-interface}. */
  public String tag() {
    return tag;
  }

  /** The full text, {@code [typedipc:tag] ...}, with {@code args} filled in. */
  public String format(Object... args) {
    return "[typedipc:" + tag + "] " + String.format(Locale.ROOT, format, args);
  }
}
