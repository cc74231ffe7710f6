package io.typedipc.processor.validate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JDK types that may, or may never, cross the process boundary. */
final class SupportedTypes {
  private SupportedTypes() {}

  /** Registered by the runtime by default: never listed as wire types. */
  static final Set<String> BUILT_IN =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Character",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double");

  /**
   * The package of the runtime's built-in shared types: its interfaces that are not {@code @Shared}
   * (queues and synchronizers, reached through client-side handles) travel as references to the
   * object in the Manager, whatever their type arguments.
   */
  static final String BUILT_IN_PACKAGE = "io.typedipc.builtin";

  /** Whether {@code name} is an interface of {@link #BUILT_IN_PACKAGE}'s built-in handles. */
  static boolean isBuiltInHandle(String name, javax.lang.model.element.TypeElement element) {
    return element.getKind() == javax.lang.model.element.ElementKind.INTERFACE
        && name.equals(BUILT_IN_PACKAGE + "." + element.getSimpleName())
        && element.getEnclosingElement().getKind() == javax.lang.model.element.ElementKind.PACKAGE;
  }


  /** Collection interfaces: allowed with type arguments, registered by the runtime by default. */
  static final Set<String> COLLECTION_INTERFACES =
      Set.of(
          "java.util.List",
          "java.util.Set",
          "java.util.Map",
          "java.util.Collection",
          "java.util.SortedSet",
          "java.util.SortedMap");

  /** Concrete containers: allowed with type arguments, listed as wire types. */
  static final Set<String> CONCRETE_CONTAINERS =
      Set.of(
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.Optional");

  /** JDK value classes: allowed, listed as wire types. */
  static final Set<String> VALUE_TYPES =
      Set.of(
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.UUID",
          "java.util.Date",
          "java.net.URI",
          "java.util.Locale",
          "java.time.Instant",
          "java.time.Duration",
          "java.time.Period",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset",
          "java.time.DayOfWeek",
          "java.time.Month");

  /** Types (and their subtypes) that never cross, each with its own message; checked in order. */
  static final List<Map.Entry<String, Message>> FORBIDDEN =
      List.of(
          Map.entry("java.lang.Thread", Message.THREAD),
          Map.entry("java.util.concurrent.Future", Message.FUTURE),
          Map.entry("java.util.concurrent.CompletionStage", Message.FUTURE),
          Map.entry("java.util.stream.BaseStream", Message.STREAM),
          Map.entry("java.io.InputStream", Message.STREAM),
          Map.entry("java.io.OutputStream", Message.STREAM),
          Map.entry("java.io.Reader", Message.READER_WRITER),
          Map.entry("java.io.Writer", Message.READER_WRITER),
          Map.entry("java.net.Socket", Message.SOCKET),
          Map.entry("java.net.ServerSocket", Message.SOCKET),
          Map.entry("java.net.DatagramSocket", Message.SOCKET),
          Map.entry("java.nio.channels.Channel", Message.NIO_CHANNEL),
          Map.entry("java.lang.ClassLoader", Message.CLASS_LOADER),
          Map.entry("java.lang.Class", Message.CLASS_OBJECT));

  /** What the type arguments of a generic container are called in messages. */
  static String argumentRole(String container, int index) {
    if (container.endsWith("Map")) {
      return index == 0 ? "key type" : "value type";
    }
    if (container.equals("java.util.Optional")) {
      return "value type";
    }
    if (container.equals("java.util.concurrent.CompletableFuture")) {
      return "result type";
    }
    return "element type";
  }
}
