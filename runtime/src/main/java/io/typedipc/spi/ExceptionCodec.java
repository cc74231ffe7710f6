package io.typedipc.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one declared exception class travels, decided by the annotation processor from the class's
 * constructors, parameter names and fields, and carried out by generated code without reflection:
 * in the Manager {@link #fields} reads the exception's own state; in the client {@link #rebuild}
 * calls the constructor the processor chose (and the setters it needs).
 *
 * <pre>{@code
 * static final ExceptionCodec<OverLimitException> OVER_LIMIT_EXCEPTION =
 *     ExceptionCodec.builder(OverLimitException.class)
 *         .field("limit", long.class)
 *         .message()
 *         .build(
 *             e -> new Object[] {e.limit()},
 *             (message, cause, fields) -> new OverLimitException(message, (long) fields[0]));
 * }</pre>
 *
 * <p>The runtime sends, besides the fields, the message, the stack trace, the cause and the
 * suppressed exceptions; it sets the stack trace and adds the suppressed exceptions itself, and
 * sets the cause with {@link Throwable#initCause} when the constructor does not take it. A codec
 * lives in the generated {@code Foo_Exceptions} class of every {@code @Shared} interface {@code
 * Foo} whose methods declare checked exceptions, and reaches the runtime through the {@link
 * InterfaceDescriptor}.
 *
 * @param <E> the exception class
 */
public final class ExceptionCodec<E extends Throwable> {
  /** What {@link #fields} returns for an exception without fields of its own. */
  public static final Object[] NO_FIELDS = {};

  /**
   * Reads an exception's fields, in the order of {@link #fieldNames()}.
   *
   * @param <E> the exception class
   */
  @FunctionalInterface
  public interface FieldReader<E> {
    /** The values of the fields of {@code exception}. */
    Object[] read(E exception);
  }

  /**
   * Creates an exception from what crossed the wire.
   *
   * @param <E> the exception class
   */
  @FunctionalInterface
  public interface Rebuilder<E> {
    /**
     * Calls the chosen constructor (and setters).
     *
     * @param message the sender's {@link Throwable#getMessage()}
     * @param cause the cause as received (an instance of {@link #causeType()} if the constructor
     *     takes it), or {@code null}
     * @param fields the field values, each an instance of its {@linkplain #fieldTypes() type}
     */
    E rebuild(String message, Throwable cause, Object[] fields);
  }

  private final Class<E> type;
  private final List<String> fieldNames;
  private final List<Class<?>> fieldTypes;
  private final boolean takesMessage;
  private final Class<? extends Throwable> causeType;
  private final FieldReader<E> reader;
  private final Rebuilder<E> rebuilder;

  private ExceptionCodec(Builder<E> b, FieldReader<E> reader, Rebuilder<E> rebuilder) {
    this.type = b.type;
    this.fieldNames = List.copyOf(b.fieldNames);
    this.fieldTypes = List.copyOf(b.fieldTypes);
    this.takesMessage = b.takesMessage;
    this.causeType = b.causeType;
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rebuilder = Objects.requireNonNull(rebuilder, "rebuilder");
  }

  /** Starts the codec of {@code type}. */
  public static <E extends Throwable> Builder<E> builder(Class<E> type) {
    return new Builder<>(type);
  }

  /** The exception class. */
  public Class<E> type() {
    return type;
  }

  /**
   * The names of the fields that travel: the non-static, non-transient fields of the class and
   * its superclasses below the JDK, subclass first, by name within a class.
   */
  public List<String> fieldNames() {
    return fieldNames;
  }

  /** The erased types of those fields, in the same order. */
  public List<Class<?>> fieldTypes() {
    return fieldTypes;
  }

  /**
   * Whether the rebuilding constructor takes the message; if not, it computes the message itself
   * (from the fields).
   */
  public boolean takesMessage() {
    return takesMessage;
  }

  /**
   * The type of the rebuilding constructor's cause parameter, or {@code null} if it takes none
   * (the runtime then sets any cause with {@link Throwable#initCause}).
   */
  public Class<? extends Throwable> causeType() {
    return causeType;
  }

  /** The field values of {@code exception}, in the order of {@link #fieldNames()}. */
  public Object[] fields(E exception) {
    return reader.read(exception);
  }

  /** Creates the exception; see {@link Rebuilder#rebuild}. */
  public E rebuild(String message, Throwable cause, Object[] fields) {
    return rebuilder.rebuild(message, cause, fields);
  }

  @Override
  public String toString() {
    return "ExceptionCodec[" + type.getName() + ", fields " + fieldNames + "]";
  }

  /**
   * Collects what the codec carries; generated code calls it once per codec.
   *
   * @param <E> the exception class
   */
  public static final class Builder<E extends Throwable> {
    private final Class<E> type;
    private final List<String> fieldNames = new ArrayList<>();
    private final List<Class<?>> fieldTypes = new ArrayList<>();
    private boolean takesMessage;
    private Class<? extends Throwable> causeType;

    private Builder(Class<E> type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** A field that travels, in order. */
    public Builder<E> field(String name, Class<?> erasedType) {
      fieldNames.add(Objects.requireNonNull(name, "name"));
      fieldTypes.add(Objects.requireNonNull(erasedType, "erasedType"));
      return this;
    }

    /** The rebuilding constructor takes the message. */
    public Builder<E> message() {
      this.takesMessage = true;
      return this;
    }

    /** The rebuilding constructor takes the cause, as a parameter of type {@code type}. */
    public Builder<E> cause(Class<? extends Throwable> type) {
      this.causeType = Objects.requireNonNull(type, "type");
      return this;
    }

    /** The codec, reading fields with {@code reader} and rebuilding with {@code rebuilder}. */
    public ExceptionCodec<E> build(FieldReader<E> reader, Rebuilder<E> rebuilder) {
      return new ExceptionCodec<>(this, reader, rebuilder);
    }
  }
}
