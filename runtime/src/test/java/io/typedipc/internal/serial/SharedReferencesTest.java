package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.read;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared objects travel as references, at any depth, when the side has {@link SharedReferences}. */
class SharedReferencesTest {

  /** Stands for a shared interface. */
  interface Thing {}

  /** A "server-side object". */
  static final class RealThing implements Thing {
    final String name;

    RealThing(String name) {
      this.name = name;
    }
  }

  /** References by the object's name; resolving makes a new RealThing (or fails, for "unknown"). */
  static final class Refs implements SharedReferences {
    final List<String> resolved = new ArrayList<>();

    @Override
    public boolean isReference(Class<?> type) {
      return Thing.class.isAssignableFrom(type);
    }

    @Override
    public Reference toReference(Object value) {
      if (((RealThing) value).name.equals("refused")) {
        throw new SerializationException("refused on purpose");
      }
      return new Reference(((RealThing) value).name, Thing.class.getName());
    }

    @Override
    public Object resolve(String name, String interfaceName, String detail) {
      resolved.add(name + ":" + interfaceName);
      if (name.equals("unknown")) {
        throw new UnresolvableReferenceException("no binding for " + interfaceName);
      }
      return new RealThing(name);
    }
  }

  private static Serialization withRefs(Refs refs) {
    Serialization s = Serialization.createForTest(List.of(), ClassIds::stableId);
    s.sharedReferences(refs);
    return s;
  }

  @Test
  void aSharedObjectTravelsAsAReferenceAtTopLevelAndNested() {
    Refs refs = new Refs();
    Serialization s = withRefs(refs);
    Object top = read(s, write(s, new RealThing("a"), Thing.class), Thing.class);
    assertEquals("a", ((RealThing) top).name);

    Map<String, List<Thing>> nested = new LinkedHashMap<>();
    nested.put("k", List.of(new RealThing("b"), new RealThing("c")));
    @SuppressWarnings("unchecked")
    Map<String, List<Thing>> copy = (Map<String, List<Thing>>) read(s, write(s, nested, Map.class), Map.class);
    assertEquals("c", ((RealThing) copy.get("k").get(1)).name);
    assertEquals(List.of("a:" + Thing.class.getName(), "b:" + Thing.class.getName(), "c:" + Thing.class.getName()),
        refs.resolved);
  }

  @Test
  void withoutReferencesASharedObjectIsAnUnregisteredClass() {
    Serialization s = Serialization.createForTest(List.of(), ClassIds::stableId);
    SerializationException e = assertThrows(SerializationException.class, () -> write(s, new RealThing("a"), Thing.class));
    assertTrue(e.getMessage().contains("is not registered"), e.getMessage());
    byte[] reference = write(withRefs(new Refs()), new RealThing("a"), Thing.class);
    ProtocolException p = assertThrows(ProtocolException.class, () -> read(s, reference, Thing.class));
    assertTrue(p.getMessage().contains("which this process cannot receive"), p.getMessage());
  }

  @Test
  void failuresOfTheReferenceHandlerReachTheCaller() {
    Serialization s = withRefs(new Refs());
    SerializationException refused = assertThrows(SerializationException.class,
        () -> write(s, List.of(new RealThing("refused")), List.class));
    assertTrue(refused.getMessage().contains("refused on purpose"), refused.getMessage());

    byte[] unknown = write(s, List.of(new RealThing("unknown")), List.class);
    ProtocolException e = assertThrows(ProtocolException.class, () -> read(s, unknown, List.class));
    Throwable cause = e;
    while (cause != null && !(cause instanceof UnresolvableReferenceException)) {
      cause = cause.getCause();
    }
    assertInstanceOf(UnresolvableReferenceException.class, cause, "the cause is kept for the client to find");
  }

  @Test
  void aReferenceThatIsNotAValueOfTheDeclaredTypeIsAProtocolError() {
    Serialization s = withRefs(new Refs());
    byte[] bytes = write(s, new RealThing("a"), Thing.class);
    ProtocolException e = assertThrows(ProtocolException.class, () -> read(s, bytes, Runnable.class));
    assertTrue(e.getMessage().contains("where a java.lang.Runnable is expected"), e.getMessage());
    assertSame(ProtocolException.class, e.getClass());
  }
}
