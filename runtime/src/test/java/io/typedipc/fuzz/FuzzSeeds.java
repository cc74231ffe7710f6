package io.typedipc.fuzz;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.builtin.Merge;
import io.typedipc.channel.Shape;
import io.typedipc.fuzz.FuzzSupport.BoundMethod;
import io.typedipc.internal.channel.MessageCodec;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.it.Item;
import io.typedipc.it.Money;
import io.typedipc.it.OutOfStockException;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes the seed inputs of the fuzz targets: valid encodings, which the fuzzer then mutates. Run
 * it after a change to the wire format and commit what changed:
 *
 * <pre>
 * cd runtime &amp;&amp; mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.typedipc.fuzz.FuzzSeeds
 * </pre>
 *
 * <p>It replaces the files it names in {@code src/test/resources/io/typedipc/fuzz/
 * <Class>Inputs/<method>/} (relative to the working directory, or to the directory given as the
 * only argument) and leaves other files there (regression inputs from findings) alone.
 */
public final class FuzzSeeds {
  private static final Serialization S = FuzzSupport.managerSerialization();

  /** Values for parameters and results declared {@code Object}: one of each kind of value. */
  private static final List<Object> OBJECTS = List.of(
      "text", 12, 7L, 3.5, true, List.of(1, "two"), new LinkedHashMap<>(Map.of("k", List.of(1L))),
      new Money(150, "EUR"), new Item("apple", 3, Item.Kind.FRUIT), new int[] {1, 2},
      Optional.of("x"), new UUID(1, 2), new BigDecimal("-1.25"), LocalDate.of(2024, 2, 29),
      new TreeMap<>(Map.of("a", Set.of(1, 2))), new Object[] {"a", 1, null}, Merge.SUM);

  private final Path root;

  private FuzzSeeds(Path root) {
    this.root = root;
  }

  public static void main(String[] args) {
    Path base = args.length > 0 ? Paths.get(args[0]) : Paths.get("");
    FuzzSeeds seeds = new FuzzSeeds(base.resolve("src/test/resources/io/typedipc/fuzz"));
    seeds.arguments();
    seeds.messages();
    seeds.frames();
  }

  private void write(String target, String name, byte[] bytes) {
    try {
      Path dir = root.resolve(target);
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(Consumer<Output> writer) {
    Output out = new Output(256, -1);
    writer.accept(out);
    return out.toBytes();
  }

  private static void value(Output out, Object value, Class<?> type) {
    Kryo kryo = S.borrow();
    try {
      S.writeValue(kryo, out, value, type);
    } finally {
      S.release(kryo);
    }
  }

  /** A value of {@code type}, or {@code null} for a reference type it cannot make. */
  static Object sample(Class<?> type, int variant) {
    if (type == int.class || type == Integer.class) {
      return 42;
    } else if (type == long.class || type == Long.class) {
      return 7L;
    } else if (type == double.class || type == Double.class) {
      return 1.5;
    } else if (type == boolean.class || type == Boolean.class) {
      return true;
    } else if (type == String.class) {
      return "hello";
    } else if (type == byte[].class) {
      return new byte[] {1, 2, 3};
    } else if (type == int[].class) {
      return new int[] {1, -1, 1 << 20};
    } else if (type == long[].class) {
      return new long[] {3, 4};
    } else if (type == double[].class) {
      return new double[] {0.5, -2};
    } else if (type == List.class || type == Collection.class) {
      return new ArrayList<>(List.of("a", 1, new Money(5, "USD")));
    } else if (type == Set.class) {
      return new HashSet<>(Set.of("x", "y"));
    } else if (type == Map.class) {
      return new LinkedHashMap<>(Map.of("apple", 3, "tool", 1));
    } else if (type == Shape.class) {
      return new Shape();
    } else if (type.isEnum()) {
      return type.getEnumConstants()[0];
    } else if (type == Object.class) {
      return OBJECTS.get(variant % OBJECTS.size());
    }
    return null;
  }

  // ------------------------------------------------------------------ ArgumentDecoderFuzzTest

  private void arguments() {
    String target = "ArgumentDecoderFuzzTestInputs/decode";
    Set<String> seen = new HashSet<>();
    int variant = 0;
    for (BoundMethod m : FuzzSupport.METHODS) {
      MethodDescriptor d = m.descriptor();
      String name = m.binding().descriptor().type().getSimpleName() + "." + d.name();
      if (seen.add("call " + d.parameterTypes()) && !d.parameterTypes().isEmpty()) {
        int v = variant++;
        write(target, "call-" + name, encode(out -> {
          out.writeByte(ArgumentDecoderFuzzTest.CALL);
          out.writeInt(d.id());
          for (Class<?> t : d.parameterTypes()) {
            value(out, sample(t, v), t);
          }
        }));
      }
      Class<?> r = d.resultType();
      if (r != void.class && sample(r, 0) != null && seen.add("result " + r.getName())) {
        write(target, "result-" + name, encode(out -> {
          out.writeByte(ArgumentDecoderFuzzTest.RESULT);
          out.writeInt(d.id());
          value(out, sample(r, 0), r);
        }));
      }
    }
    BoundMethod set = method("SharedValue", "set", 1);
    for (int i = 0; i < OBJECTS.size(); i++) {
      Object o = OBJECTS.get(i);
      String kind = o instanceof List ? "List" : o instanceof Map && !(o instanceof TreeMap) ? "Map"
          : o.getClass().getSimpleName().replace("[]", "Array");
      write(target, "object-" + i + "-" + kind,
          encode(out -> {
            out.writeByte(ArgumentDecoderFuzzTest.CALL);
            out.writeInt(set.descriptor().id());
            value(out, o, Object.class);
          }));
    }
    write(target, "declared-OutOfStockException", encode(out -> {
      out.writeByte(ArgumentDecoderFuzzTest.DECLARED);
      Kryo kryo = S.borrow();
      try {
        S.writeException(kryo, out, new OutOfStockException("apple", 2));
      } finally {
        S.release(kryo);
      }
    }));
    write(target, "failure-with-cause", encode(out -> {
      out.writeByte(ArgumentDecoderFuzzTest.FAILURE);
      Kryo kryo = S.borrow();
      try {
        S.writeFailure(kryo, out, new IllegalStateException("boom", new RuntimeException("cause")));
      } finally {
        S.release(kryo);
      }
    }));
  }

  private static BoundMethod method(String type, String name, int params) {
    for (BoundMethod m : FuzzSupport.METHODS) {
      if (m.binding().descriptor().type().getSimpleName().equals(type)
          && m.descriptor().name().equals(name)
          && m.descriptor().parameterTypes().size() == params) {
        return m;
      }
    }
    throw new IllegalArgumentException("no method " + type + "." + name + "/" + params);
  }

  // ------------------------------------------------------------------ MessageDecoderFuzzTest

  private void messages() {
    String target = "MessageDecoderFuzzTestInputs/decode";
    List<SharedBinding> channels = FuzzSupport.BINDINGS.stream()
        .filter(b -> b.descriptor().kind() == InterfaceDescriptor.Kind.CHANNEL)
        .toList();
    for (int c = 0; c < channels.size(); c++) {
      InterfaceDescriptor d = channels.get(c).descriptor();
      MessageCodec codec = new MessageCodec(d, S);
      Output batch = new Output(256, -1);
      int count = 0;
      Kryo kryo = S.borrow();
      try {
        for (int round = 0; round < 2; round++) {
          for (MethodDescriptor m : d.methods()) {
            Object[] args = m.parameterTypes().stream().map(t -> sample(t, 0)).toArray();
            codec.encode(kryo, batch, m, args, 1 << 20);
            count++;
          }
        }
      } finally {
        S.release(kryo);
      }
      byte[] messages = batch.toBytes();
      byte[] seed = new byte[2 + messages.length];
      seed[0] = (byte) c;
      seed[1] = (byte) count;
      System.arraycopy(messages, 0, seed, 2, messages.length);
      write(target, "batch-" + d.type().getSimpleName(), seed);
    }
  }

  // ------------------------------------------------------------------ FrameFuzzTest

  private static int id(int handle, String name, int params) {
    InterfaceDescriptor d = FrameFuzzTest.DESCRIPTORS.get(handle);
    return d.methods().stream()
        .filter(m -> m.name().equals(name) && m.parameterTypes().size() == params)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + name + "/" + params + " in " + d.name()))
        .id();
  }

  /** A CALL frame, its arguments written as their declared types. */
  private static Frames call(Frames f, long id, int handle, String name, Object... args) {
    InterfaceDescriptor d = FrameFuzzTest.DESCRIPTORS.get(handle);
    MethodDescriptor m = d.method(id(handle, name, args.length));
    return f.call(id, handle, m.id(), out -> {
      for (int i = 0; i < args.length; i++) {
        value(out, args[i], m.parameterTypes().get(i));
      }
    });
  }

  private static final String FRAMES = "FrameFuzzTestInputs/frames";

  /** The frames as an input of each mode. */
  private void frames(String name, Frames frames) {
    write(FRAMES, "raw-" + name, frames.input(FrameFuzzTest.RAW));
    write(FRAMES, "framed-" + name, frames.input(FrameFuzzTest.FRAMED));
  }

  private void frames() {
    frames("service-calls", call(call(call(call(call(call(call(new Frames(),
        1, 0, "echo", "hello"),
        2, 0, "increment"),
        3, 0, "items", new LinkedHashMap<>(Map.of("apple", 3, "tool", 1))),
        4, 0, "reserve", "apple", 20), // fails with the declared OutOfStockException
        5, 0, "echoBytes", (Object) new byte[] {1, 2, 3}),
        6, 0, "incrementAsync"),
        7, 0, "later", 1L, "later"));
    frames("service-failure", call(new Frames(), 1, 0, "failUnchecked", "boom"));
    frames("map-calls", call(call(call(call(new Frames(),
        1, 1, "put", "k", List.of(1, "two")),
        2, 1, "merge", "n", 5, Merge.SUM),
        3, 1, "get", "k"),
        4, 1, "putAll", new LinkedHashMap<>(Map.of("m", new Money(1, "EUR")))));
    frames("list-calls", call(call(call(call(new Frames(),
        1, 2, "add", new Item("apple", 3, Item.Kind.FRUIT)),
        2, 2, "addAll", List.of("a", 2L, 3.0)),
        3, 2, "subList", 0, 2),
        4, 2, "toList"));
    frames("value-calls", call(call(call(new Frames(),
        1, 3, "set", 5L),
        2, 3, "accumulateAndGet", 2L, Merge.SUM),
        3, 3, "get"));
    frames("ints-calls", call(call(call(new Frames(),
        1, 4, "set", 1, 7),
        2, 4, "setAll", 2, new int[] {1, 2, 3}),
        3, 4, "slice", 0, 4));
    frames("open-again-and-unknown", new Frames()
        .open(1, "service", FrameFuzzTest.DESCRIPTORS.get(0))
        .open(2, "nothing-here", FrameFuzzTest.DESCRIPTORS.get(1))
        .frame(Protocol.OPEN, 3, o -> { // the right name, another version of the interface
          o.writeString("service");
          o.writeString(FrameFuzzTest.DESCRIPTORS.get(0).name());
          o.writeString("0000");
          o.writeVarInt(2, true);
          o.writeString("int get()");
          o.writeString("String echo(String)");
        }));
    frames("ping", new Frames().frame(Protocol.PING, 0, o -> {}));
    frames("session-first", call(new Frames()
        .frame(Protocol.SESSION, 0, o -> o.writeString("client-1"))
        .open(1, "service", FrameFuzzTest.DESCRIPTORS.get(0)), 2, 0, "echo", "in a session"));
    frames("call-unknown-handle", new Frames().call(1, 99, 0, o -> {}));
    frames("unknown-type", new Frames().frame((byte) 77, 1, o -> o.writeString("?")));
    byte[] whole = call(new Frames(), 1, 0, "echo", "cut short").input(FrameFuzzTest.RAW);
    write(FRAMES, "raw-cut-short", Arrays.copyOf(whole, whole.length - 3));
  }
}
