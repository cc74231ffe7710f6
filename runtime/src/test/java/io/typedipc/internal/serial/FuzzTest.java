package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.full;
import static org.junit.jupiter.api.Assertions.fail;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.internal.serial.Fixtures.Account;
import io.typedipc.internal.serial.Fixtures.BackorderException;
import io.typedipc.internal.serial.Fixtures.Color;
import io.typedipc.internal.serial.Fixtures.Holder;
import io.typedipc.internal.serial.Fixtures.Line;
import io.typedipc.internal.serial.Fixtures.Node;
import io.typedipc.internal.serial.Fixtures.Op;
import io.typedipc.internal.serial.Fixtures.Order;
import io.typedipc.internal.serial.Fixtures.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid encodings at random: reading must give a value or a {@link ProtocolException},
 * never any other throwable.
 */
class FuzzTest {
  private static final int ITERATIONS = 30_000;

  private final Serialization s = full();

  private enum What { VALUE, EXCEPTION, FAILURE }

  private record Sample(What what, Object value, Class<?> type, byte[] bytes) {}

  private Sample sample(What what, Object value, Class<?> type) {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(64, -1);
      switch (what) {
        case VALUE -> s.writeValue(kryo, out, value, type);
        case EXCEPTION -> s.writeException(kryo, out, (Throwable) value);
        case FAILURE -> s.writeFailure(kryo, out, (Throwable) value);
      }
      return new Sample(what, value, type, out.toBytes());
    } finally {
      s.release(kryo);
    }
  }

  private List<Sample> samples() {
    Node tree = new Node("root");
    tree.children.add(new Node("leaf"));
    Order order = new Order(42, "sku-é", List.of("a", "b"),
        Map.of("sq", List.of(new Point(1, 2))), Optional.of("n"), Color.GREEN,
        new int[] {1, -1, 1 << 20}, new TreeMap<>(Map.of("x", Set.of(1, 2))));
    return List.of(
        sample(What.VALUE, order, Order.class),
        sample(What.VALUE, order, Object.class),
        sample(What.VALUE, new Line(new Point(1, 2), null, "l"), Line.class),
        sample(What.VALUE, List.of(1, "two", 3.0, List.of(4L), Op.PLUS), List.class),
        sample(What.VALUE, Map.of("k", new Holder(new Holder("v")), "j", new TreeSet<>(Set.of("b", "a"))), Map.class),
        sample(What.VALUE, new Account("ann", 5, List.of(new Point(0, 0), "x")), Object.class),
        sample(What.VALUE, tree, Node.class),
        sample(What.VALUE, new Object[] {new int[] {1}, new String[] {"s", null}, new boolean[] {true},
            new long[] {5}, new double[] {1.5}, new char[] {'c'}, new byte[] {9}, new short[] {2},
            new float[] {0.5f}, new Point[] {new Point(3, 3)}, new int[][] {{1}}}, Object[].class),
        sample(What.VALUE, new Object[] {new BigInteger("123456789012345678901234567890"),
            new BigDecimal("-1.25"), UUID.randomUUID(), URI.create("http://x/y"), Locale.FRANCE,
            Instant.ofEpochSecond(5), LocalDate.of(2020, 1, 2),
            ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneId.of("Asia/Tokyo"))}, Object.class),
        sample(What.VALUE, "a string with ünïcode and some length to it", String.class),
        sample(What.EXCEPTION, new BackorderException("pear", List.of("apple")), null),
        sample(What.FAILURE, new IllegalStateException("x", new RuntimeException("y")), null));
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int mutations = 1 + r.nextInt(4);
    for (int m = 0; m < mutations && b.length > 0; m++) {
      int i = r.nextInt(b.length);
      switch (r.nextInt(7)) {
        case 0 -> b[i] = (byte) r.nextInt(256);
        case 1 -> b[i] ^= (byte) (1 << r.nextInt(8));
        case 2 -> b = Arrays.copyOf(b, i); // truncate
        case 3 -> { // insert a byte
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, i);
          c[i] = (byte) r.nextInt(256);
          System.arraycopy(b, i, c, i + 1, b.length - i);
          b = c;
        }
        case 4 -> { // delete a byte
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, i);
          System.arraycopy(b, i + 1, c, i, b.length - i - 1);
          b = c;
        }
        case 5 -> b[i] = (byte) (r.nextBoolean() ? 0xff : 0x7f); // large varint byte
        default -> { // duplicate a slice
          int len = Math.min(b.length - i, 1 + r.nextInt(8));
          byte[] c = new byte[b.length + len];
          System.arraycopy(b, 0, c, 0, i + len);
          System.arraycopy(b, i, c, i + len, b.length - i);
          b = c;
        }
      }
    }
    return b;
  }

  @Test
  void mutatedEncodingsGiveValuesOrProtocolExceptions() {
    List<Sample> samples = samples();
    long seed = Long.getLong("typedipc.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    Kryo kryo = s.borrow();
    try {
      for (int i = 0; i < ITERATIONS; i++) {
        Sample sample = samples.get(random.nextInt(samples.size()));
        byte[] bytes = mutate(sample.bytes(), random);
        FrameInput in = Serialization.frameInput(bytes, 0, bytes.length);
        try {
          switch (sample.what()) {
            case VALUE -> s.readValue(kryo, in, sample.type());
            case EXCEPTION -> s.readException(kryo, in);
            case FAILURE -> s.readFailure(kryo, in);
          }
        } catch (ProtocolException expected) {
          // fine
        } catch (Throwable t) {
          fail("seed " + seed + ", iteration " + i + ", bytes " + Arrays.toString(bytes) + ": " + t, t);
        }
      }
    } finally {
      s.release(kryo);
    }
  }
}
