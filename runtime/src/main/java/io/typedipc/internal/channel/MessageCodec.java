package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import io.typedipc.internal.serial.FrameInput;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MessageDispatcher;
import io.typedipc.spi.MessageReader;
import io.typedipc.spi.MessageWriter;
import io.typedipc.spi.MethodDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes calls on a {@code @Channel} interface as messages and decodes them back into calls on a
 * {@link Dispatcher}. Used by Manager channels and by pipes alike; the Manager itself never decodes.
 *
 * <p>A message is {@code i32 length | i32 method id | arguments}, the length counting what follows
 * it. Messages are concatenated into batches (a pipe frame, a Manager chunk), so one frame carries
 * thousands of them and a reader can split a batch without decoding it. Parameters of primitive
 * types are written directly (little-endian, fixed size), {@code String} parameters in the
 * length-prefixed form of {@link FrameOutput#writeLengthPrefixedString} (built on the receiving
 * side straight from the batch's bytes); everything else goes through {@link
 * Serialization#writeValue}, with the same allow-list as shared objects.
 *
 * <p>Generated {@code @Channel} proxies and dispatchers write and read each argument themselves,
 * through a {@link io.typedipc.spi.MessageWriter} ({@link FrameMessageWriter}) and this codec's
 * {@link io.typedipc.spi.MessageReader} ({@link Decoder}), choosing the form from the parameter's
 * erased type exactly as the kinds table here does; this codec's array path ({@link #encode},
 * {@link #writeArguments}, a plain {@link Dispatcher}) writes and reads the same bytes.
 *
 * <p>Thread-safe: it holds no buffers; callers bring their own {@link FrameOutput}, {@link Kryo}
 * and {@link FrameInput}.
 */
public final class MessageCodec {
  /** Bytes of the length prefix of a message. */
  public static final int LENGTH_BYTES = 4;

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final byte K_OBJECT = 0;
  private static final byte K_INT = 1;
  private static final byte K_LONG = 2;
  private static final byte K_DOUBLE = 3;
  private static final byte K_FLOAT = 4;
  private static final byte K_BOOLEAN = 5;
  private static final byte K_BYTE = 6;
  private static final byte K_SHORT = 7;
  private static final byte K_CHAR = 8;
  private static final byte K_STRING = 9;

  private final InterfaceDescriptor descriptor;
  private final Serialization serialization;
  private final MethodDescriptor[] methods;
  private final int[] ids;
  private final byte[][] kinds;
  private final Class<?>[][] types;

  /** A codec for the messages of {@code descriptor}, a {@code @Channel} interface. */
  public MessageCodec(InterfaceDescriptor descriptor, Serialization serialization) {
    this.descriptor = descriptor;
    this.serialization = serialization;
    List<MethodDescriptor> all = descriptor.methods();
    int n = all.size();
    methods = all.toArray(new MethodDescriptor[0]);
    ids = new int[n];
    kinds = new byte[n][];
    types = new Class<?>[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = methods[i].id();
      List<Class<?>> params = methods[i].parameterTypes();
      types[i] = params.toArray(new Class<?>[0]);
      kinds[i] = new byte[params.size()];
      for (int p = 0; p < params.size(); p++) {
        kinds[i][p] = kindOf(params.get(p));
      }
    }
  }

  private static byte kindOf(Class<?> t) {
    if (t == int.class) {
      return K_INT;
    } else if (t == long.class) {
      return K_LONG;
    } else if (t == double.class) {
      return K_DOUBLE;
    } else if (t == float.class) {
      return K_FLOAT;
    } else if (t == boolean.class) {
      return K_BOOLEAN;
    } else if (t == byte.class) {
      return K_BYTE;
    } else if (t == short.class) {
      return K_SHORT;
    } else if (t == char.class) {
      return K_CHAR;
    } else if (t == String.class) {
      return K_STRING;
    }
    return K_OBJECT;
  }

  /** The serialization whose allow-list the arguments use. */
  public Serialization serialization() {
    return serialization;
  }

  /** The interface whose messages this codec carries. */
  public InterfaceDescriptor descriptor() {
    return descriptor;
  }

  private int indexOf(MethodDescriptor method) {
    for (int i = 0; i < methods.length; i++) {
      if (methods[i] == method) {
        return i;
      }
    }
    for (int i = 0; i < methods.length; i++) {
      if (ids[i] == method.id()) {
        return i;
      }
    }
    throw new IllegalArgumentException(method + " is not a message of " + descriptor.name());
  }

  private int indexOf(int id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Appends one message to {@code out}. On failure {@code out} is rewound to where the message
   * began, so the batch it is appended to stays valid.
   *
   * @param maxMessageBytes the largest message (length prefix included) the receiver accepts
   * @throws SerializationException if an argument cannot be written (a class outside the
   *     allow-list, too deep) or the message is larger than {@code maxMessageBytes}
   */
  public void encode(Kryo kryo, FrameOutput out, MethodDescriptor method, Object[] args, int maxMessageBytes) {
    OneMessage message = new OneMessage(serialization, kryo, maxMessageBytes);
    message.start(out, method);
    try (message) {
      writeArguments(message, method, args);
      message.send();
    }
  }

  /**
   * Writes the arguments of a message of kind {@code method} given as an array, primitives boxed:
   * the path of a {@link io.typedipc.spi.RemoteObject#call}; generated proxies write each argument
   * themselves.
   */
  void writeArguments(MessageWriter out, MethodDescriptor method, Object[] args) {
    int m = indexOf(method);
    byte[] k = kinds[m];
    for (int i = 0; i < k.length; i++) {
      Object a = args[i];
      switch (k[i]) {
        case K_INT -> out.writeInt((Integer) a);
        case K_LONG -> out.writeLong((Long) a);
        case K_DOUBLE -> out.writeDouble((Double) a);
        case K_FLOAT -> out.writeFloat((Float) a);
        case K_BOOLEAN -> out.writeBoolean((Boolean) a);
        case K_BYTE -> out.writeByte((Byte) a);
        case K_SHORT -> out.writeShort((Short) a);
        case K_CHAR -> out.writeChar((Character) a);
        case K_STRING -> out.writeString((String) a);
        default -> out.writeObject(a, types[m][i]);
      }
    }
  }

  /** {@link #encode}'s writer: one message into a plain output. */
  private static final class OneMessage extends FrameMessageWriter {
    private final int maxMessageBytes;
    private boolean sent;

    OneMessage(Serialization serialization, Kryo kryo, int maxMessageBytes) {
      super(serialization, kryo);
      this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void send() {
      finish(maxMessageBytes);
      sent = true;
    }

    @Override
    public void close() {
      if (!sent) {
        rewind();
      }
    }
  }

  /**
   * Decodes one message at the input's position: returns its arguments, in {@code args[m]} (made
   * on first use, then reused: a generated dispatcher reads them before it calls the handler, and
   * keeps no reference), and leaves its method id in {@code id[0]}.
   */
  private Object[] decode(Kryo kryo, FrameInput in, int[] id, Object[][] argsByMethod) {
    if (in.remaining() < 2 * LENGTH_BYTES) {
      throw new ProtocolException("truncated message: " + in.remaining() + " bytes left in its batch");
    }
    int length = in.readInt();
    if (length < LENGTH_BYTES || length > in.remaining()) {
      throw new ProtocolException("message length " + length + " does not fit its batch (" + in.remaining() + " bytes left)");
    }
    int end = in.position() + length;
    int wireId = in.readInt();
    int m = indexOf(wireId);
    if (m < 0) {
      throw new ProtocolException(descriptor.name() + " has no message with id " + Integer.toHexString(wireId)
          + " (do both sides use the same version of it?)");
    }
    byte[] k = kinds[m];
    Object[] args = argsByMethod[m];
    if (args == null) {
      args = argsByMethod[m] = new Object[k.length];
    }
    try {
      for (int i = 0; i < k.length; i++) {
        args[i] = switch (k[i]) {
          case K_INT -> in.readInt();
          case K_LONG -> in.readLong();
          case K_DOUBLE -> in.readDouble();
          case K_FLOAT -> in.readFloat();
          case K_BOOLEAN -> in.readBoolean();
          case K_BYTE -> in.readByte();
          case K_SHORT -> in.readShort();
          case K_CHAR -> in.readChar();
          case K_STRING -> in.readLengthPrefixedString();
          default -> serialization.readValue(kryo, in, types[m][i]);
        };
      }
    } catch (KryoException e) {
      throw new ProtocolException("malformed message " + methods[m].signature() + ": " + e.getMessage(), e);
    }
    if (in.position() != end) {
      throw new ProtocolException("message " + methods[m].signature() + " does not end where its length says");
    }
    id[0] = wireId;
    return args;
  }

  /**
   * Checks that {@code batch} is exactly {@code count} well-formed messages: each a length prefix
   * and at least a method id, none running past the end, nothing after the last.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void checkBatch(byte[] batch, int count) {
    checkBatch(batch, batch == null ? 0 : batch.length, count);
  }

  /**
   * Checks that the first {@code length} bytes of {@code batch} are exactly {@code count}
   * well-formed messages: each a length prefix and at least a method id, none running past {@code
   * length}, nothing after the last.
   *
   * @throws IllegalArgumentException otherwise, or if {@code length} is not within the array
   */
  public static void checkBatch(byte[] batch, int length, int count) {
    if (batch == null || count < 0) {
      throw new IllegalArgumentException("a batch needs bytes and a count of at least 0");
    }
    if (length < 0 || length > batch.length) {
      throw new IllegalArgumentException("malformed batch: " + length + " bytes announced in an array of " + batch.length);
    }
    int offset = 0;
    for (int i = 0; i < count; i++) {
      if (length - offset < 2 * LENGTH_BYTES) {
        throw new IllegalArgumentException("malformed batch: message " + i + " of " + count + " is cut short at byte " + offset);
      }
      int body = readLength(batch, offset);
      if (body < LENGTH_BYTES || body > length - offset - LENGTH_BYTES) {
        throw new IllegalArgumentException("malformed batch: message " + i + " of " + count + " declares " + body + " bytes");
      }
      offset += LENGTH_BYTES + body;
    }
    if (offset != length) {
      throw new IllegalArgumentException("malformed batch: " + (length - offset) + " bytes after its " + count + " messages");
    }
  }

  /** The offset just after the message that starts at {@code offset} in {@code bytes}. */
  public static int skip(byte[] bytes, int offset) {
    return offset + LENGTH_BYTES + readLength(bytes, offset);
  }

  /** Kryo's {@link Output#writeInt} byte order (little-endian), which {@link FrameInput#readInt} reads back. */
  static void writeLength(byte[] b, int offset, int value) {
    INT_LE.set(b, offset, value);
  }

  private static int readLength(byte[] b, int offset) {
    return (int) INT_LE.get(b, offset);
  }

  /**
   * A single-threaded decoder over one batch at a time: its own {@link Kryo} (borrowed from the
   * serialization) and input.
   */
  public Decoder decoder() {
    return new Decoder();
  }

  /**
   * Decodes and dispatches the messages of one batch at a time. A {@link MessageDispatcher} (every
   * generated one of a {@code @Channel}) reads each message's arguments straight from the batch
   * through this decoder's {@link MessageReader}; any other {@link Dispatcher} gets them decoded
   * into an array. Not thread-safe.
   */
  public final class Decoder {
    private final Kryo kryo = serialization.borrow();
    private final FrameInput in = Serialization.frameInput(new byte[0], 0, 0);
    private final Reader reader = new Reader();
    private final int[] id = new int[1];
    private final Object[][] argsByMethod = new Object[methods.length][];
    private int remainingMessages;

    /** Starts a batch of {@code count} messages in {@code bytes[offset, offset+length)}. */
    public void reset(byte[] bytes, int offset, int length, int count) {
      in.setBuffer(bytes, offset, length);
      remainingMessages = count;
    }

    /** Messages of the current batch not yet dispatched. */
    public int remaining() {
      return remainingMessages;
    }

    /**
     * Decodes the next message and calls it on {@code target}.
     *
     * @throws ProtocolException if it is malformed (the rest of the batch is dropped); the handler
     *     is not called
     * @throws Exception whatever the handler throws (the message counts as taken)
     */
    public void dispatchNext(Dispatcher target) throws Exception {
      if (remainingMessages <= 0) {
        throw new IllegalStateException("no message left in this batch");
      }
      if (target instanceof MessageDispatcher messages) {
        deliverNext(messages);
        return;
      }
      Object[] args;
      try {
        args = decode(kryo, in, id, argsByMethod);
      } catch (RuntimeException e) {
        remainingMessages = 0;
        throw e;
      }
      remainingMessages--;
      try {
        target.dispatch(id[0], args);
      } finally {
        Arrays.fill(args, null); // holds on to nothing until the next message
      }
    }

    /** The next message, its arguments read by the dispatcher itself. */
    private void deliverNext(MessageDispatcher target) {
      int batchLimit = in.limit();
      int wireId;
      try {
        wireId = reader.open(batchLimit);
      } catch (RuntimeException e) {
        remainingMessages = 0;
        throw e;
      }
      remainingMessages--;
      try {
        target.deliver(wireId, reader);
      } catch (RuntimeException | Error e) {
        if (reader.open) { // failed reading its arguments: malformed
          reader.close(batchLimit);
          remainingMessages = 0;
        }
        throw e;
      }
      if (reader.open) { // a dispatcher that did not call end(): check now
        reader.end();
      }
    }

    /** Returns this decoder's {@link Kryo} to the serialization; the decoder is unusable after. */
    public void release() {
      serialization.release(kryo);
    }

    /** Whether the batch ended exactly after its last message. */
    public boolean exhausted() {
      return remainingMessages == 0 && in.position() == in.limit();
    }

    /**
     * Reads the arguments of the message being delivered: the input's limit is the message's end
     * while it is open, so no read runs into the next message.
     */
    private final class Reader implements MessageReader {
      private int m;
      private int end;
      private int batchLimit;
      private boolean open;

      /** Reads the next message's header, checks it and opens it; returns its method id. */
      int open(int limit) {
        if (in.remaining() < 2 * LENGTH_BYTES) {
          throw new ProtocolException("truncated message: " + in.remaining() + " bytes left in its batch");
        }
        int length = in.readInt();
        if (length < LENGTH_BYTES || length > in.remaining()) {
          throw new ProtocolException("message length " + length + " does not fit its batch (" + in.remaining() + " bytes left)");
        }
        int messageEnd = in.position() + length;
        int wireId = in.readInt();
        int index = indexOf(wireId);
        if (index < 0) {
          throw new ProtocolException(descriptor.name() + " has no message with id " + Integer.toHexString(wireId)
              + " (do both sides use the same version of it?)");
        }
        m = index;
        end = messageEnd;
        batchLimit = limit;
        open = true;
        in.setLimit(messageEnd);
        return wireId;
      }

      void close(int limit) {
        open = false;
        in.setLimit(limit);
      }

      @Override
      public int readInt() {
        try {
          return in.readInt();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public long readLong() {
        try {
          return in.readLong();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public double readDouble() {
        try {
          return in.readDouble();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public float readFloat() {
        try {
          return in.readFloat();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public boolean readBoolean() {
        try {
          return in.readBoolean();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public byte readByte() {
        try {
          return in.readByte();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public short readShort() {
        try {
          return in.readShort();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public char readChar() {
        try {
          return in.readChar();
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public String readString() {
        return in.readLengthPrefixedString();
      }

      @Override
      @SuppressWarnings("unchecked") // readValue checked that it is a declaredType (or its wrapper)
      public <T> T readObject(Class<T> declaredType) {
        try {
          return (T) serialization.readValue(kryo, in, declaredType);
        } catch (KryoException e) {
          throw malformed(e);
        }
      }

      @Override
      public void end() {
        if (in.position() != end) {
          throw new ProtocolException("message " + methods[m].signature() + " does not end where its length says");
        }
        close(batchLimit);
      }

      private ProtocolException malformed(KryoException e) {
        return new ProtocolException("malformed message " + methods[m].signature() + ": " + e.getMessage(), e);
      }

      @Override
      public String toString() {
        return "reader of " + (open ? methods[m].signature() : "no message");
      }
    }
  }
}
