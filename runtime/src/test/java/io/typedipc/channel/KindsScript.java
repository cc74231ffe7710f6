package io.typedipc.channel;

import io.typedipc.SerializationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the message-kind tests send: accepted messages, two refused ones among them (an argument
 * of an unregistered class, a message larger than the receiver accepts), then more accepted
 * ones, all in one stream, so that a refused message left behind in its batch would garble the
 * messages after it. {@link #expect} replays the accepted ones on a {@link Record}.
 */
public final class KindsScript {
  private KindsScript() {}

  /** The sending side: every message; prints {@code REFUSED name message} for each refusal. */
  static void send(Kinds out, int tooLarge) {
    before(out);
    refuse("shape", () -> out.shape(new Shape.Square()));
    refuse("payload", () -> out.payload(new byte[tooLarge]));
    after(out);
  }

  /** The messages that must arrive, in order. */
  static List<List<Object>> expect() {
    Record r = new Record();
    before(r);
    after(r);
    return r.seen;
  }

  private static void before(Kinds out) {
    out.primitives(Integer.MIN_VALUE, Long.MAX_VALUE, -0.0, Float.NaN, true, Byte.MIN_VALUE, Short.MAX_VALUE, '\uffff');
    out.primitives(42, -1L, Math.PI, Float.MIN_VALUE, false, (byte) 7, (short) -300, '\u00e9');
    out.text(null, "");
    out.text("na\u00efve caf\u00e9 \u2014 \u65e5\u672c\u8a9e \ud83c\udf89", "lone \ud800 surrogate");
    out.text("\u00ff".repeat(300), "x".repeat(3_000));
    out.reading(new Kinds.Reading("sensor-1", 21.5, List.of("a", "\u00fc")));
  }

  private static void after(Kinds out) {
    out.reading(null);
    out.shape(new Shape());
    out.payload(new byte[] {1, 2, 3});
    out.boxed(null, '\u20ac');
    out.boxed(-7, null);
    out.tick();
    out.primitives(0, 0L, Double.NEGATIVE_INFINITY, -0.0f, true, (byte) -1, (short) 0, '\0');
  }

  private static void refuse(String name, Runnable send) {
    try {
      send.run();
      System.out.println("ACCEPTED " + name);
    } catch (SerializationException e) {
      System.out.println("REFUSED " + name + " " + e.getMessage());
    }
  }

  /** Records each message as its name and arguments (arrays as lists, shapes by their size). */
  public static final class Record implements Kinds {
    public final List<List<Object>> seen = new ArrayList<>();

    private synchronized void add(Object... message) {
      seen.add(Arrays.asList(message));
    }

    synchronized int count() {
      return seen.size();
    }

    @Override
    public void primitives(int i, long l, double d, float f, boolean z, byte b, short s, char c) {
      add("primitives", i, l, d, f, z, b, s, c);
    }

    @Override
    public void text(String first, String second) {
      add("text", first, second);
    }

    @Override
    public void reading(Reading reading) {
      add("reading", reading);
    }

    @Override
    public void shape(Shape shape) {
      add("shape", shape.getClass().getName(), shape.size);
    }

    @Override
    public void payload(byte[] data) {
      add("payload", Arrays.toString(data));
    }

    @Override
    public void boxed(Integer number, Character letter) {
      add("boxed", number, letter);
    }

    @Override
    public void tick() {
      add("tick");
    }
  }
}
