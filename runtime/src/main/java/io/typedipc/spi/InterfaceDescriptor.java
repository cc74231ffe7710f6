package io.typedipc.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes one {@code @Shared} or {@code @Channel} interface: its remote methods (or message
 * kinds), its fingerprint and the classes its signatures can carry. A constant in the generated
 * binding.
 *
 * <p>The {@linkplain #fingerprint() fingerprint} is computed by the processor as the first 16 hex
 * digits of the SHA-256 of the methods' {@link MethodDescriptor#signature() signatures}, sorted and
 * joined with {@code '\n'}. Client and Manager compare fingerprints on first use of an interface.
 */
public final class InterfaceDescriptor {

  /** What the interface is annotated with. */
  public enum Kind {
    /** {@code @Shared}: an object in a Manager, called through a proxy. */
    SHARED,
    /** {@code @Channel}: one-way messages, one per method call, delivered to a consumer. */
    CHANNEL
  }

  private final Class<?> type;
  private final Kind kind;
  private final String fingerprint;
  private final List<MethodDescriptor> methods;
  private final Map<Integer, MethodDescriptor> byId;
  private final List<Class<?>> wireTypes;
  private final List<ExceptionCodec<?>> exceptionCodecs;

  /**
   * @param type the interface
   * @param fingerprint see the class description
   * @param methods the remote methods (abstract methods, including inherited ones)
   * @param wireTypes every class that a value crossing the wire for this interface can have, as far
   *     as the processor can tell from the signatures: records, enums, user classes, arrays,
   *     declared exceptions, and the types their components and fields can hold
   */
  public InterfaceDescriptor(
      Class<?> type, String fingerprint, List<MethodDescriptor> methods, List<Class<?>> wireTypes) {
    this(type, fingerprint, methods, wireTypes, Kind.SHARED);
  }

  /**
   * A descriptor of the given kind; the other parameters are those of {@link
   * #InterfaceDescriptor(Class, String, List, List)}.
   */
  public InterfaceDescriptor(
      Class<?> type, String fingerprint, List<MethodDescriptor> methods, List<Class<?>> wireTypes, Kind kind) {
    this(type, fingerprint, methods, wireTypes, kind, List.of());
  }

  /**
   * A descriptor with the codecs of the exceptions its methods declare (and of their causes'
   * declared types); the other parameters are those of {@link #InterfaceDescriptor(Class, String,
   * List, List, Kind)}.
   *
   * @param exceptionCodecs how each exception class is read and rebuilt, at most one per class
   */
  public InterfaceDescriptor(
      Class<?> type,
      String fingerprint,
      List<MethodDescriptor> methods,
      List<Class<?>> wireTypes,
      Kind kind,
      List<ExceptionCodec<?>> exceptionCodecs) {
    this.exceptionCodecs = List.copyOf(exceptionCodecs);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.type = Objects.requireNonNull(type, "type");
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.methods = List.copyOf(methods);
    this.wireTypes = List.copyOf(wireTypes);
    Map<Integer, MethodDescriptor> ids = new LinkedHashMap<>();
    for (MethodDescriptor m : this.methods) {
      MethodDescriptor clash = ids.put(m.id(), m);
      if (clash != null) {
        throw new IllegalArgumentException(
            type.getName() + ": methods " + clash.identity() + " and " + m.identity()
                + " have the same id");
      }
    }
    this.byId = Collections.unmodifiableMap(ids);
  }

  /** The interface. */
  public Class<?> type() {
    return type;
  }

  /** Whether the interface is {@code @Shared} or a {@code @Channel}. */
  public Kind kind() {
    return kind;
  }

  /** The interface's binary name, as used on the wire. */
  public String name() {
    return type.getName();
  }

  /** The interface fingerprint. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The remote methods. */
  public List<MethodDescriptor> methods() {
    return methods;
  }

  /** The method with the given id, or {@code null}. */
  public MethodDescriptor method(int id) {
    return byId.get(id);
  }

  /** The classes values of this interface can have on the wire. */
  public List<Class<?>> wireTypes() {
    return wireTypes;
  }

  /**
   * The generated codecs of the declared exceptions (empty for bindings generated before codecs
   * existed: the runtime then rebuilds those exceptions as it can).
   */
  public List<ExceptionCodec<?>> exceptionCodecs() {
    return exceptionCodecs;
  }

  @Override
  public String toString() {
    return name() + "@" + fingerprint;
  }
}
