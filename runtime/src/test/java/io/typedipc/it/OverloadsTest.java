package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README "What crosses the wire", Methods: "Overloads, generic interfaces ({@code Box<T>}, {@code
 * Registry<K extends Comparable<K>, V>}), methods inherited from plain super-interfaces, default
 * methods (they run on the client and call the remote methods), static methods (not remote), nested
 * and package-private interfaces" — each called through a Manager, each overload reaching its own
 * implementation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverloadsTest {

  static final class OverloadsImpl implements Overloads {
    public String name() { return "named"; }
    public String f() { return "()"; }
    public String f(int x) { return "int " + x; }
    public String f(long x) { return "long " + x; }
    public String f(Integer x) { return "Integer " + x; }
    public String f(String x) { return "String " + x; }
    public String f(List<String> x) { return "List " + x; }
    public String f(Set<String> x) { return "Set " + x.size(); }
    public String f(int x, int y) { return "int,int " + x + "," + y; }
    public String f(int[] x) { return "int[] " + Arrays.toString(x); }
    public int sum(int... xs) { return Arrays.stream(xs).sum(); }
  }

  static final class RankedImpl<K extends Comparable<K>, V> implements Overloads.Ranked<K, V> {
    private final TreeMap<K, V> map = new TreeMap<>();
    public void put(K key, V value) { map.put(key, value); }
    public V get(K key) { return map.get(key); }
    public SortedMap<K, V> all() { return map; }
  }

  @Test
  void eachOverloadReachesItsOwnImplementation() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key)).jmx(false)
            .share(Overloads.class, "o", new OverloadsImpl())
            .share(Overloads.Ranked.class, "ranked", new RankedImpl<String, Integer>()).start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      Overloads o = client.shared(Overloads.class, "o");
      assertEquals("named", o.name());
      assertEquals("()", o.f());
      assertEquals("int 1", o.f(1));
      assertEquals("long 2", o.f(2L));
      assertEquals("Integer 3", o.f(Integer.valueOf(3)));
      assertEquals("Integer null", o.f((Integer) null));
      assertEquals("String s", o.f("s"));
      assertEquals("String null", o.f((String) null));
      assertEquals("List [a, b]", o.f(List.of("a", "b")));
      assertEquals("Set 2", o.f(Set.of("a", "b")));
      assertEquals("int,int 4,5", o.f(4, 5));
      assertEquals("int[] [6, 7]", o.f(new int[] {6, 7}));
      assertEquals(0, o.sum());
      assertEquals(6, o.sum(1, 2, 3));
      assertEquals("int 8+long 8", o.both(8));
      assertEquals("local", Overloads.local());

      @SuppressWarnings("unchecked")
      Overloads.Ranked<String, Integer> ranked = client.shared(Overloads.Ranked.class, "ranked");
      ranked.put("b", 2);
      ranked.put("a", 1);
      assertEquals(1, ranked.get("a"));
      assertNull(ranked.get("z"));
      assertEquals(List.of("a", "b"), List.copyOf(ranked.all().keySet()));
    }
  }
}
