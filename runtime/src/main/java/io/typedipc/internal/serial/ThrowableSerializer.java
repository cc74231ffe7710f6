package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.spi.ExceptionCodec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered exception class, by value: its message, stack trace, cause, suppressed exceptions
 * and fields.
 *
 * <p>How its fields are read and how it is created again is its {@link Shape}: the codec the
 * annotation processor generated for a declared exception (generated code, no reflection; see
 * {@link ExceptionCodec}), else {@link ReflectiveThrowables}. Reading rebuilds it through the
 * shape, then: sets the cause with {@link Throwable#initCause} if the constructor did not take it
 * (if that fails, the cause is added as suppressed instead); if the constructor computed the
 * message itself and it differs from the sender's, adds the sender's message as a suppressed
 * {@link RemoteException}; sets the stack trace; adds the suppressed exceptions.
 *
 * <p>The cause and each suppressed exception travel by value when their own class is registered as
 * an exception (a declared exception, or one registered by hand) — or, for a cause the
 * constructor takes as a parameter of a narrower type than {@code Throwable}, when their nearest
 * registered superclass of that type is — and otherwise as a description that arrives as a
 * {@link RemoteException} (class name, message, stack trace and causes; see {@link Failures}). A
 * throwable already being written (a cycle) travels as a description, and so does one nested
 * below {@code maxNested} throwables written by value: a long chain of causes would otherwise
 * pass the value's maximum depth, and the whole exception would arrive only described.
 *
 * <p>Format: message (string), stack trace, cause (nested, below), the count of suppressed
 * exceptions (varint) and each (nested), the count of fields (varint) and a hash of their names
 * and types (int; a peer with another version of the class fails to read with a {@link
 * ProtocolException} saying so), then the fields, each {@code writeClassAndObject}. Nested: a tag
 * byte — 0 none, 1 by value ({@code writeClassAndObject}), 2 description.
 */
final class ThrowableSerializer extends Serializer<Throwable> {
  private static final byte NONE = 0;
  private static final byte BY_VALUE = 1;
  private static final byte DESCRIBED = 2;
  private static final int MIN_NESTED_BYTES = 1;
  /** The graph-context key of the throwables being written, to describe a cycle. */
  private static final Object WRITING = new Object();

  /**
   * What a class's fields are and how it is created.
   *
   * <p>The fields are the non-static, non-transient fields of the class and its superclasses
   * below the JDK, subclass first, by name within a class.
   */
  abstract static class Shape {
    final String[] names;
    final Class<?>[] types;
    final int hash;

    Shape(String[] names, Class<?>[] types) {
      this.names = names;
      this.types = types;
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < names.length; i++) {
        text.append(names[i]).append(':').append(types[i].getName()).append(',');
      }
      this.hash = text.toString().hashCode();
    }

    /** Whether the constructor takes the message (if not, it computes it). */
    abstract boolean takesMessage();

    /** The type of the constructor's cause parameter, or {@code null} if it takes none. */
    abstract Class<? extends Throwable> causeType();

    /** The field values. */
    abstract Object[] read(Throwable t);

    /** Creates the exception and sets its fields. */
    abstract Throwable rebuild(String message, Throwable cause, Object[] values);

    String describe() {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        fields.add(types[i].getSimpleName() + " " + names[i]);
      }
      return fields.toString();
    }
  }

  /** A generated codec as a shape. */
  private static final class CodecShape extends Shape {
    private final ExceptionCodec<Throwable> codec;

    @SuppressWarnings("unchecked")
    CodecShape(ExceptionCodec<?> codec) {
      super(
          codec.fieldNames().toArray(new String[0]), codec.fieldTypes().toArray(new Class<?>[0]));
      this.codec = (ExceptionCodec<Throwable>) codec;
    }

    @Override
    boolean takesMessage() {
      return codec.takesMessage();
    }

    @Override
    Class<? extends Throwable> causeType() {
      return codec.causeType();
    }

    @Override
    Object[] read(Throwable t) {
      Object[] values = codec.fields(t);
      if (values.length != names.length) {
        throw new IllegalStateException(codec + " read " + values.length + " fields");
      }
      return values;
    }

    @Override
    Throwable rebuild(String message, Throwable cause, Object[] values) {
      return codec.rebuild(message, cause, values);
    }
  }

  private final Class<? extends Throwable> type;
  private final Shape shape;
  private final int maxNested;

  private ThrowableSerializer(Class<? extends Throwable> type, Shape shape, int maxNested) {
    this.type = type;
    this.shape = shape;
    this.maxNested = maxNested;
  }

  /**
   * The serializer of {@code type}: through {@code codec} if the processor generated one, else by
   * reflection. A cause or suppressed exception below {@code maxNested} throwables written by
   * value is written as a description (half the value's maximum depth leaves room for fields).
   */
  static ThrowableSerializer of(Class<? extends Throwable> type, ExceptionCodec<?> codec, int maxNested) {
    if (codec != null && codec.type() != type) {
      throw new IllegalArgumentException(codec + " is not the codec of " + type.getName());
    }
    return new ThrowableSerializer(
        type, codec == null ? new ReflectiveThrowables(type) : new CodecShape(codec), Math.max(1, maxNested));
  }

  /** Whether two codecs of one class agree on the fields, as both sides of a connection must. */
  static boolean sameShape(ExceptionCodec<?> a, ExceptionCodec<?> b) {
    return a.fieldNames().equals(b.fieldNames()) && a.fieldTypes().equals(b.fieldTypes());
  }

  private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];

  @Override
  public void write(Kryo kryo, Output out, Throwable t) {
    Map<Throwable, Boolean> writing = writing(kryo);
    writing.put(t, Boolean.TRUE);
    try {
      out.writeString(Failures.messageOf(t));
      Failures.writeStackTrace(out, t.getStackTrace());
      Throwable cause = t.getCause();
      writeNested(kryo, out, cause == t ? null : cause, shape.causeType(), writing, maxNested);
      Throwable[] suppressed = t.getSuppressed();
      boolean subclass = t.getClass() != type; // sent as its nearest registered superclass
      out.writeVarInt(suppressed.length + (subclass ? 1 : 0), true);
      for (Throwable s : suppressed) {
        writeNested(kryo, out, s, null, writing, maxNested);
      }
      if (subclass) { // the class it was arrives too, as a suppressed RemoteException naming it
        out.writeByte(DESCRIBED);
        Failures.writeFailure(out, new RemoteException(t.getClass().getName(), Failures.messageOf(t), NO_STACK, null));
      }
      Object[] values = shape.read(t);
      out.writeVarInt(values.length, true);
      out.writeInt(shape.hash);
      for (Object value : values) {
        kryo.writeClassAndObject(out, value);
      }
    } finally {
      writing.remove(t);
    }
  }

  @Override
  public Throwable read(Kryo kryo, Input in, Class<? extends Throwable> ignored) {
    FrameInput.charge(in, HeapEstimate.throwable(kryo.getDepth())); // before its parts: the most it takes
    String message = in.readString();
    StackTraceElement[] stack = Failures.readStackTrace(in);
    Throwable cause = readNested(kryo, in);
    int count = Elements.readLength(in, MIN_NESTED_BYTES);
    List<Throwable> suppressed = new ArrayList<>(Elements.initialCapacity(count));
    for (int i = 0; i < count; i++) {
      FrameInput.charge(in, 2 * CollectionSerializers.LIST_SLOT); // in this list, then in the throwable's
      suppressed.add(readNested(kryo, in));
    }
    int fieldCount = in.readVarInt(true);
    int hash = in.readInt();
    if (fieldCount != shape.names.length || hash != shape.hash) {
      throw new ProtocolException(
          "the peer sent a " + type.getName() + " with " + fieldCount + " fields that differ from"
              + " its fields here (" + shape.describe() + "): the two sides were compiled with"
              + " different versions of the class");
    }
    Object[] values = new Object[fieldCount];
    for (int i = 0; i < fieldCount; i++) {
      Object value = kryo.readClassAndObject(in);
      Class<?> ft = shape.types[i];
      if (ft.isPrimitive() ? value == null || !Serialization.boxed(ft).isInstance(value)
          : value != null && !ft.isInstance(value)) {
        throw new ProtocolException(
            "field " + shape.names[i] + " of " + type.getName() + " cannot hold "
                + (value == null ? "null" : "a " + value.getClass().getName()));
      }
      values[i] = value;
    }
    Class<? extends Throwable> causeType = shape.causeType();
    boolean causeTaken = cause != null && causeType != null && causeType.isInstance(cause);
    Throwable t;
    try {
      t = shape.rebuild(message, causeTaken ? cause : null, values);
    } catch (ProtocolException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new ProtocolException(
          "cannot rebuild " + type.getName() + ": its constructor threw " + e, e);
    }
    if (t == null || t.getClass() != type) {
      throw new ProtocolException("the codec of " + type.getName() + " created " + t);
    }
    if (cause != null && !causeTaken) {
      try {
        t.initCause(cause);
      } catch (IllegalStateException | IllegalArgumentException e) {
        t.addSuppressed(cause); // the constructor decided the cause: keep the sender's anyway
      }
    }
    t.setStackTrace(stack);
    for (Throwable s : suppressed) {
      t.addSuppressed(s);
    }
    if (!shape.takesMessage() && !Objects.equals(Failures.messageOf(t), message)) {
      // the constructor computed another message than the sender's: nothing is lost silently
      FrameInput.charge(in, HeapEstimate.throwable(kryo.getDepth()));
      t.addSuppressed(new RemoteException(type.getName(), message, new StackTraceElement[0], null));
    }
    return t;
  }

  /**
   * Writes a cause or a suppressed exception: by value if it can be, else described — also when
   * {@code maxNested} throwables are being written by value already (a cycle, or a long chain).
   */
  private static void writeNested(
      Kryo kryo, Output out, Throwable t, Class<?> required, Map<Throwable, Boolean> writing, int maxNested) {
    if (t == null) {
      out.writeByte(NONE);
      return;
    }
    Registration registration =
        writing.containsKey(t) || writing.size() >= maxNested ? null : byValue(kryo, t, required);
    if (registration == null) {
      out.writeByte(DESCRIBED);
      Failures.writeFailure(out, t);
      return;
    }
    out.writeByte(BY_VALUE);
    writeAs(kryo, out, t, registration);
  }

  /**
   * The registration to write {@code t} with by value: its own class's, or if {@code required} is
   * given, that of its nearest registered superclass of that type; {@code null} if none.
   */
  static Registration byValue(Kryo kryo, Throwable t, Class<?> required) {
    Registration own = registration(kryo, t.getClass());
    if (own != null || required == null || required.isAssignableFrom(RemoteException.class)) {
      return own; // any cause fits: one not registered is described, with its real class name
    }
    for (Class<?> c = t.getClass().getSuperclass();
        c != null && required.isAssignableFrom(c);
        c = c.getSuperclass()) {
      Registration r = registration(kryo, c);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private static Registration registration(Kryo kryo, Class<?> c) {
    Registration r = kryo.getClassResolver().getRegistration(c);
    return r != null && r.getSerializer() instanceof ThrowableSerializer ? r : null;
  }

  /** Writes {@code t} with the serializer of {@code registration}, readable by readClassAndObject. */
  static void writeAs(Kryo kryo, Output out, Throwable t, Registration registration) {
    out.writeVarInt(registration.getId() + 2, true); // as Kryo writes a class
    kryo.writeObject(out, t, registration.getSerializer());
  }

  private static Throwable readNested(Kryo kryo, Input in) {
    byte tag = in.readByte();
    switch (tag) {
      case NONE:
        return null;
      case BY_VALUE:
        Object value = kryo.readClassAndObject(in);
        if (!(value instanceof Throwable)) {
          throw new ProtocolException(
              "the peer sent " + (value == null ? "null" : "a " + value.getClass().getName())
                  + " where an exception is expected");
        }
        return (Throwable) value;
      case DESCRIBED:
        return Failures.readFailure(in, kryo.getDepth());
      default:
        throw new ProtocolException("unknown tag " + tag + " of a nested exception");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<Throwable, Boolean> writing(Kryo kryo) {
    Object set = kryo.getGraphContext().get(WRITING);
    if (set == null) {
      set = new IdentityHashMap<Throwable, Boolean>();
      kryo.getGraphContext().put(WRITING, set);
    }
    return (Map<Throwable, Boolean>) set;
  }
}
