package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.read;
import static io.typedipc.internal.serial.TestSupport.roundTrip;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ProtocolException;
import java.lang.reflect.Field;
import java.util.ArrayList;
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

  /** Stores {@code value} into {@code field} of {@code shelf} without a type check, as Kryo does. */
  private static void putUnchecked(Shelf shelf, String field, Object value) throws ReflectiveOperationException {
    Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    theUnsafe.setAccessible(true);
    sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
    unsafe.putObject(shelf, unsafe.objectFieldOffset(Shelf.class.getDeclaredField(field)), value);
  }

  @Test
  void aValueOfAnotherRegisteredClassInAFieldIsRefusedNamingTheField() throws Exception {
    String message = refused("items", new ArrayList<>(List.of("x"))); // the bytes a hostile peer can send
    assertTrue(message.contains("java.util.ArrayList") && message.contains("items")
        && message.contains("java.util.LinkedList"), message);
  }

  @Test
  void aStringWhereAListFieldIsDeclaredIsRefused() throws Exception {
    assertTrue(refused("labels", "not a list").contains("labels"));
  }

  @Test
  void anArrayOfAnotherComponentTypeIsRefused() throws Exception {
    assertTrue(refused("extras", "not an array").contains("extras"));
  }

  /** The message reading a Shelf refuses with when its {@code field} holds {@code value}. */
  private String refused(String field, Object value) throws ReflectiveOperationException {
    Shelf shelf = new Shelf();
    putUnchecked(shelf, field, value);
    byte[] bytes = write(s, shelf, Shelf.class);
    return assertThrows(ProtocolException.class, () -> read(s, bytes, Shelf.class)).getMessage();
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
