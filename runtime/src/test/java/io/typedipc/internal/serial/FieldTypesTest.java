package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.read;
import static io.typedipc.internal.serial.TestSupport.roundTrip;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A value read into a field of a class sent field by field is of the field's type. Kryo sets fields
 * without checking it: a field declared {@code LinkedList} that received an {@code ArrayList} (a
 * double-brace {@code LinkedList} subclass was sent as one, or a hostile peer sent it) crashed the
 * reading JVM when the field was used (an audit: SIGSEGV, in the Manager too).
 */
class FieldTypesTest {
  /** Fields of non-final types: a peer's bytes say which class each value is. */
  static final class Shelf {
    LinkedList<String> items = new LinkedList<>();
    List<String> labels = new ArrayList<>();
    Object[] extras = new Object[0];
  }

  private final Serialization s = Serialization.create(List.of(), List.of(Shelf.class), Serialization.DEFAULT_MAX_DEPTH);

  @Test
  void aValueOfAnotherRegisteredClassInAFieldIsRefusedNamingTheField() {
    Shelf shelf = new Shelf();
    shelf.items = new LinkedList<>(List.of("x"));
    String message = refused(shelf, shelf.items, new ArrayList<>(List.of("x")));
    assertTrue(message.contains("java.util.ArrayList") && message.contains("items")
        && message.contains("java.util.LinkedList"), message);
  }

  @Test
  void aStringWhereAListFieldIsDeclaredIsRefused() {
    Shelf shelf = new Shelf();
    shelf.labels = new ArrayList<>(List.of("label"));
    assertTrue(refused(shelf, shelf.labels, "not a list").contains("labels"));
  }

  @Test
  void anArrayOfAnotherComponentTypeIsRefused() {
    Shelf shelf = new Shelf();
    shelf.extras = new Object[] {"extra"};
    assertTrue(refused(shelf, shelf.extras, "not an array").contains("extras"));
  }

  /**
   * The message reading refuses {@code shelf}'s bytes with once the bytes of one of its field
   * values, {@code sent}, are replaced by those of {@code instead} (of a registered class of another
   * type): what a hostile peer can send, and what a subclass sent as its registered collection was.
   */
  private String refused(Shelf shelf, Object sent, Object instead) {
    byte[] bytes = replaceOnce(write(s, shelf, Shelf.class), write(s, sent, Object.class), write(s, instead, Object.class));
    return assertThrows(ProtocolException.class, () -> read(s, bytes, Shelf.class)).getMessage();
  }

  /** {@code bytes} with its one occurrence of {@code from} replaced by {@code to}. */
  private static byte[] replaceOnce(byte[] bytes, byte[] from, byte[] to) {
    int at = -1;
    for (int i = 0; i + from.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
        assertEquals(-1, at, "the value's bytes occur once");
        at = i;
      }
    }
    assertTrue(at >= 0, "the value's bytes occur in the object's");
    byte[] out = new byte[bytes.length - from.length + to.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(to, 0, out, at, to.length);
    System.arraycopy(bytes, at + from.length, out, at + to.length, bytes.length - at - from.length);
    return out;
  }

  /** A subclass of a registered collection travels as that collection, so it fits the field or parameter it came from. */
  @Test
  void aSubclassOfARegisteredCollectionArrivesAsThatCollection() {
    Shelf shelf = new Shelf();
    shelf.items = new LinkedList<>() {
      {
        add("double-brace");
      }
    };
    Shelf back = (Shelf) roundTrip(s, shelf, Shelf.class);
    assertEquals(LinkedList.class, back.items.getClass());
    assertEquals("double-brace", back.items.getFirst());
    LinkedList<String> parameter = new LinkedList<>() {
      {
        add("as a parameter");
      }
    };
    assertEquals(List.of("as a parameter"), roundTrip(s, parameter, LinkedList.class));
    assertEquals(LinkedList.class, roundTrip(s, parameter, LinkedList.class).getClass());
  }
}
