package io.typedipc.internal.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import io.typedipc.channel.Kinds;
import io.typedipc.channel.KindsScript;
import io.typedipc.channel.Shape;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.MessageDispatcher;
import io.typedipc.spi.MessageSender;
import io.typedipc.spi.MessageWriter;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated message writers and readers against {@link MessageCodec}'s array path: the same
 * calls give the same bytes, both decoding paths the same calls, and a malformed message is a
 * {@link ProtocolException} before its handler runs.
 */
@Timeout(30)
class MessageCodecTest {
  private static final SharedBinding KINDS = Bindings.load(List.of(Kinds.class)).of(Kinds.class);
  private static final Serialization SERIALIZATION =
      Serialization.create(List.of(KINDS.descriptor()), List.of(Shape.class), Serialization.DEFAULT_MAX_DEPTH);
  private static final int MAX = 1 << 20;

  private final MessageCodec codec = new MessageCodec(KINDS.descriptor(), SERIALIZATION);
  private final Kryo kryo = SERIALIZATION.borrow();

  @AfterEach
  void release() {
    SERIALIZATION.release(kryo);
  }

  /** A sender that appends each message to one output, as a batch would. */
  private final class Batch implements RemoteObject, MessageSender {
    final FrameOutput out = new FrameOutput(256);
    int count;
    private final Writer writer = new Writer();

    @Override
    public MessageWriter begin(MethodDescriptor message) {
      writer.start(out, message);
      writer.open = true;
      return writer;
    }

    @Override
    public <R> R call(MethodDescriptor method, Object[] args) {
      throw new AssertionError("a generated proxy sends no argument arrays");
    }

    @Override
    public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
      throw new AssertionError();
    }

    byte[] bytes() {
      return Arrays.copyOf(out.getBuffer(), out.position());
    }

    private final class Writer extends FrameMessageWriter {
      boolean open;

      Writer() {
        super(SERIALIZATION, kryo);
      }

      @Override
      public void send() {
        finish(MAX);
        open = false;
        count++;
      }

      @Override
      public void close() {
        if (open) {
          rewind();
          open = false;
        }
      }
    }
  }

  private static MethodDescriptor method(String name) {
    return KINDS.descriptor().methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** The same messages, each as a proxy call and as an argument array. */
  private static final List<Object[]> MESSAGES = List.of(
      new Object[] {"primitives", Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Float.NaN, true, Byte.MIN_VALUE, Short.MAX_VALUE, '\uffff'},
      new Object[] {"text", null, "na\u00efve \u65e5\u672c \ud83c\udf89 lone \ud800"},
      new Object[] {"text", "\u00ff".repeat(40), "x".repeat(3000)},
      new Object[] {"reading", new Kinds.Reading("s", 1.5, List.of("a", "b"))},
      new Object[] {"reading", null},
      new Object[] {"shape", new Shape()},
      new Object[] {"payload", new byte[] {1, 2, 3}},
      new Object[] {"boxed", 7, null},
      new Object[] {"tick"});

  private static void call(Kinds proxy, Object[] m) {
    switch ((String) m[0]) {
      case "primitives" -> proxy.primitives((Integer) m[1], (Long) m[2], (Double) m[3], (Float) m[4], (Boolean) m[5],
          (Byte) m[6], (Short) m[7], (Character) m[8]);
      case "text" -> proxy.text((String) m[1], (String) m[2]);
      case "reading" -> proxy.reading((Kinds.Reading) m[1]);
      case "shape" -> proxy.shape((Shape) m[1]);
      case "payload" -> proxy.payload((byte[]) m[1]);
      case "boxed" -> proxy.boxed((Integer) m[1], (Character) m[2]);
      case "tick" -> proxy.tick();
      default -> throw new AssertionError(m[0]);
    }
  }

  private byte[] generated() {
    Batch batch = new Batch();
    Kinds proxy = (Kinds) KINDS.newProxy(batch);
    for (Object[] m : MESSAGES) {
      call(proxy, m);
    }
    assertEquals(MESSAGES.size(), batch.count);
    return batch.bytes();
  }

  private byte[] arrays() {
    FrameOutput out = new FrameOutput(256);
    for (Object[] m : MESSAGES) {
      codec.encode(kryo, out, method((String) m[0]), Arrays.copyOfRange(m, 1, m.length), MAX);
    }
    return Arrays.copyOf(out.getBuffer(), out.position());
  }

  @Test
  void aGeneratedProxyWritesExactlyTheBytesOfTheArrayPath() {
    byte[] bytes = generated();
    assertArrayEquals(arrays(), bytes);
    MessageCodec.checkBatch(bytes, MESSAGES.size());
  }

  @Test
  void bothDecodingPathsDeliverTheSameCalls() throws Exception {
    byte[] bytes = generated();
    Dispatcher generated = KINDS.newDispatcher(new KindsScript.Record());
    assertInstanceOf(MessageDispatcher.class, generated, "a channel's generated dispatcher reads from the batch");
    KindsScript.Record direct = new KindsScript.Record();
    KindsScript.Record boxed = new KindsScript.Record();
    decodeAll(bytes, MESSAGES.size(), KINDS.newDispatcher(direct));
    Dispatcher plain = KINDS.newDispatcher(boxed)::dispatch; // not a MessageDispatcher: decoded into arrays
    decodeAll(bytes, MESSAGES.size(), plain);
    assertEquals(MESSAGES.size(), direct.seen.size());
    assertEquals(boxed.seen, direct.seen);
    assertEquals(List.of("primitives", Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Float.NaN, true, Byte.MIN_VALUE,
        Short.MAX_VALUE, '\uffff'), direct.seen.get(0));
    assertEquals(Arrays.asList("text", null, "na\u00efve \u65e5\u672c \ud83c\udf89 lone \ud800"), direct.seen.get(1));
  }

  private void decodeAll(byte[] bytes, int count, Dispatcher target) throws Exception {
    MessageCodec.Decoder d = codec.decoder();
    try {
      d.reset(bytes, 0, bytes.length, count);
      while (d.remaining() > 0) {
        d.dispatchNext(target);
      }
      assertTrue(d.exhausted());
    } finally {
      d.release();
    }
  }

  /** Two messages, the first changed by {@code change} (its bytes, its length), then a tick. */
  private byte[] changedThenTick(Consumer<Kinds> first, int extraBytes, int lengthChange) {
    Batch batch = new Batch();
    Kinds proxy = (Kinds) KINDS.newProxy(batch);
    first.accept(proxy);
    for (int i = 0; i < extraBytes; i++) {
      batch.out.writeByte(0);
    }
    byte[] head = batch.bytes();
    MessageCodec.writeLength(head, 0, head.length - 4 + lengthChange);
    byte[] rest = Arrays.copyOfRange(head, 0, head.length + lengthChange); // cut or keep
    Batch tick = new Batch();
    ((Kinds) KINDS.newProxy(tick)).tick();
    byte[] all = Arrays.copyOf(rest, rest.length + tick.bytes().length);
    System.arraycopy(tick.bytes(), 0, all, rest.length, tick.bytes().length);
    return all;
  }

  @Test
  void aMessageWithBytesLeftOverIsRefusedBeforeItsHandlerRuns() throws Exception {
    byte[] bytes = changedThenTick(k -> k.text("a", "b"), 1, 0);
    KindsScript.Record r = new KindsScript.Record();
    MessageCodec.Decoder d = codec.decoder();
    d.reset(bytes, 0, bytes.length, 2);
    ProtocolException e = assertThrows(ProtocolException.class, () -> d.dispatchNext(KINDS.newDispatcher(r)));
    assertEquals("message void text(java.lang.String, java.lang.String) does not end where its length says", e.getMessage());
    assertEquals(List.of(), r.seen, "the handler was not called");
    assertEquals(0, d.remaining(), "the rest of the batch is dropped");
    d.release();
  }

  @Test
  void anArgumentCutShortFailsWithinItsMessageNotInTheNext() throws Exception {
    // the length says 4 bytes fewer than the primitives take: the last read would run into the tick
    byte[] bytes = changedThenTick(k -> k.primitives(1, 2, 3, 4, true, (byte) 5, (short) 6, '7'), 0, -4);
    KindsScript.Record r = new KindsScript.Record();
    MessageCodec.Decoder d = codec.decoder();
    d.reset(bytes, 0, bytes.length, 2);
    ProtocolException e = assertThrows(ProtocolException.class, () -> d.dispatchNext(KINDS.newDispatcher(r)));
    assertTrue(e.getMessage().startsWith("malformed message void primitives(int, long, double, float, boolean, byte, short, char): "),
        e.getMessage());
    assertEquals(List.of(), r.seen);
    assertEquals(0, d.remaining());
    d.release();
  }

  @Test
  void aRefusedArgumentTakesItsMessageOutOfTheBatch() {
    Batch batch = new Batch();
    Kinds proxy = (Kinds) KINDS.newProxy(batch);
    proxy.tick();
    int before = batch.out.position();
    SerializationException e = assertThrows(SerializationException.class, () -> proxy.shape(new Shape.Square()));
    assertTrue(e.getMessage().startsWith("cannot send void shape(io.typedipc.channel.Shape): "), e.getMessage());
    assertEquals(before, batch.out.position(), "nothing of the refused message is left");
    proxy.tick();
    MessageCodec.checkBatch(batch.bytes(), 2);
  }

  @Test
  void aProxyOverARemoteObjectThatSendsNoMessagesCallsItWithArrays() {
    List<String> calls = new ArrayList<>();
    RemoteObject remote = new RemoteObject() {
      @Override
      public <R> R call(MethodDescriptor method, Object[] args) {
        calls.add(method.name() + Arrays.toString(args));
        return null;
      }

      @Override
      public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
        throw new AssertionError();
      }
    };
    assertFalse(remote instanceof MessageSender);
    Kinds proxy = (Kinds) KINDS.newProxy(remote);
    proxy.primitives(1, 2L, 3.0, 4f, true, (byte) 5, (short) 6, 'c');
    proxy.text(null, "t");
    proxy.tick();
    assertEquals(List.of("primitives[1, 2, 3.0, 4.0, true, 5, 6, c]", "text[null, t]", "tick[]"), calls);
  }
}
