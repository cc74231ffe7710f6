package io.typedipc.internal.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Helpers shared by the serialization tests. */
final class TestSupport {
  private TestSupport() {}

  static Serialization full() {
    return Serialization.create(
        List.of(Fixtures.inventory(Fixtures.ALL)), List.of(), Serialization.DEFAULT_MAX_DEPTH);
  }

  static byte[] write(Serialization s, Object value, Class<?> declaredType) {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(64, -1);
      s.writeValue(kryo, out, value, declaredType);
      return out.toBytes();
    } finally {
      s.release(kryo);
    }
  }

  /** Reads a whole frame and checks every byte was consumed. */
  static Object read(Serialization s, byte[] bytes, Class<?> declaredType) {
    Kryo kryo = s.borrow();
    try {
      FrameInput in = Serialization.frameInput(bytes, 0, bytes.length);
      Object value = s.readValue(kryo, in, declaredType);
      assertEquals(bytes.length, in.position(), "bytes left unread");
      return value;
    } finally {
      s.release(kryo);
    }
  }

  static Object roundTrip(Serialization s, Object value, Class<?> declaredType) {
    return read(s, write(s, value, declaredType), declaredType);
  }

  /** Bytes allocated by the current thread so far, or -1 if the JVM cannot tell. */
  static long allocatedBytes() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean) {
      com.sun.management.ThreadMXBean b = (com.sun.management.ThreadMXBean) bean;
      if (b.isThreadAllocatedMemorySupported() && b.isThreadAllocatedMemoryEnabled()) {
        return b.getThreadAllocatedBytes(Thread.currentThread().getId());
      }
    }
    return -1;
  }
}
