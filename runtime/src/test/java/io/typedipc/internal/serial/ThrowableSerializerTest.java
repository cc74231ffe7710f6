package io.typedipc.internal.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.spi.ExceptionCodec;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exceptions through generated codecs: precedence over reflection, versions, hostile bytes. */
class ThrowableSerializerTest {

  /** The commonest shape, which reflection cannot rebuild (no (String) constructor). */
  static class OverLimitException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long limit;

    OverLimitException(String message, long limit) {
      super(message);
      this.limit = limit;
    }
  }

  interface Account {
    void spend(long amount) throws OverLimitException;
  }

  /** What the processor generates for {@link OverLimitException}. */
  static final ExceptionCodec<OverLimitException> CODEC =
      ExceptionCodec.builder(OverLimitException.class)
          .field("limit", long.class)
          .message()
          .build(
              e -> new Object[] {e.limit},
              (message, cause, fields) -> new OverLimitException(message, (long) fields[0]));

  /** The same class with a field more, as another version of it would be generated. */
  static final ExceptionCodec<OverLimitException> OTHER_VERSION =
      ExceptionCodec.builder(OverLimitException.class)
          .field("limit", long.class)
          .field("currency", String.class)
          .message()
          .build(
              e -> new Object[] {e.limit, "EUR"},
              (message, cause, fields) -> new OverLimitException(message, (long) fields[0]));

  /** Registered by hand, without a codec. */
  static class RegisteredCause extends Exception {
    private static final long serialVersionUID = 1L;

    RegisteredCause(String message) {
      super(message);
    }
  }

  @Test
  void causesAndSuppressedExceptionsOfRegisteredClassesArriveAsThemselves() {
    Serialization s = Serialization.create(List.of(account(CODEC)), List.of(RegisteredCause.class),
        Serialization.DEFAULT_MAX_DEPTH);
    OverLimitException e = new OverLimitException("over", 3);
    e.initCause(new RegisteredCause("root"));
    e.addSuppressed(new RegisteredCause("also"));
    e.addSuppressed(new UnsupportedOperationException("other"));
    OverLimitException copy = (OverLimitException) read(s, write(s, e));
    assertEquals("root", assertInstanceOf(RegisteredCause.class, copy.getCause()).getMessage());
    assertEquals("also", assertInstanceOf(RegisteredCause.class, copy.getSuppressed()[0]).getMessage());
    RemoteException other = assertInstanceOf(RemoteException.class, copy.getSuppressed()[1]);
    assertEquals(UnsupportedOperationException.class.getName(), other.remoteType());
  }

  private static Serialization with(ExceptionCodec<?>... codecs) {
    return Serialization.create(List.of(account(codecs)), List.of(), Serialization.DEFAULT_MAX_DEPTH);
  }

  private static InterfaceDescriptor account(ExceptionCodec<?>... codecs) {
    MethodDescriptor spend =
        new MethodDescriptor(1, "spend(long)", "void spend(long)", MethodDescriptor.Kind.SYNC,
            void.class, List.of(long.class), List.of(OverLimitException.class));
    return new InterfaceDescriptor(Account.class, "0123456789abcdef", List.of(spend),
        List.of(OverLimitException.class), InterfaceDescriptor.Kind.SHARED, List.of(codecs));
  }

  private static byte[] write(Serialization s, Throwable t) {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(256, -1);
      s.writeException(kryo, out, t);
      return out.toBytes();
    } finally {
      s.release(kryo);
    }
  }

  private static Throwable read(Serialization s, byte[] bytes) {
    Kryo kryo = s.borrow();
    try {
      return s.readException(kryo, Serialization.frameInput(bytes, 0, bytes.length));
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void theGeneratedCodecRebuildsWhatReflectionCannot() {
    OverLimitException e = new OverLimitException("over by 5", 100);
    OverLimitException viaCodec = (OverLimitException) read(with(CODEC), write(with(CODEC), e));
    assertEquals("over by 5", viaCodec.getMessage());
    assertEquals(100, viaCodec.limit);
    assertEquals(0, viaCodec.getSuppressed().length);

    // without a codec the message is lost, but not silently: the sender's arrives as suppressed
    OverLimitException viaReflection = (OverLimitException) read(with(), write(with(), e));
    assertEquals(100, viaReflection.limit);
    RemoteException sent = assertInstanceOf(RemoteException.class, viaReflection.getSuppressed()[0]);
    assertEquals("over by 5", sent.remoteMessage());
  }

  @Test
  void twoVersionsOfAnExceptionClassFailToReadWithAClearMessage() {
    byte[] bytes = write(with(OTHER_VERSION), new OverLimitException("x", 1));
    ProtocolException e = assertThrows(ProtocolException.class, () -> read(with(CODEC), bytes));
    assertTrue(e.getMessage().contains(OverLimitException.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("different versions of the class"), e.getMessage());
  }

  @Test
  void bindingsThatDisagreeAboutAnExceptionAreRefused() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> with(CODEC, OTHER_VERSION));
    assertTrue(e.getMessage().contains("disagree about the fields"), e.getMessage());
  }

  @Test
  void hostileNestedExceptionsAreRefused() {
    Serialization s = with(CODEC);
    // an unknown tag where the cause goes
    byte[] badTag = frame(s, out -> out.writeByte(9));
    ProtocolException tag = assertThrows(ProtocolException.class, () -> read(s, badTag));
    assertTrue(tag.getMessage().contains("unknown tag 9"), tag.getMessage());
    // no cause, then more suppressed exceptions than the frame could hold
    byte[] many = frame(s, out -> {
      out.writeByte(0);
      out.writeVarInt(1_000_000, true);
    });
    assertThrows(ProtocolException.class, () -> read(s, many));
  }

  /** An OverLimitException's class id, message "m" and an empty stack trace, then {@code rest}. */
  private static byte[] frame(Serialization s, java.util.function.Consumer<Output> rest) {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(64, -1);
      out.writeVarInt(kryo.getRegistration(OverLimitException.class).getId() + 2, true);
      out.writeString("m");
      out.writeVarInt(0, true);
      rest.accept(out);
      return out.toBytes();
    } finally {
      s.release(kryo);
    }
  }
}
