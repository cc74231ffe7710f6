package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.SerializationException;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.internal.builtin.SharedListImpl;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared objects returned from, passed to, or nested in the values of remote methods travel as
 * references: the client gets a proxy for the object in the Manager, and the Manager gets the
 * real object back. Python's nested-mutation trap ({@code d['k'].append(x)} changing a copy)
 * does not exist.
 */
class SharedObjectsTest {
  private static final AuthKey KEY = AuthKey.generate();
  private static final LibraryImpl LIBRARY = new LibraryImpl();
  private static Manager manager;
  private static ManagerClient client;

  @BeforeAll
  static void start() {
    manager = TestTransport.manager(Manager.builder()).address(0).authKey(KEY).share(Library.class, "library", LIBRARY).start();
    client = TestTransport.connect(manager.port(), KEY);
  }

  @AfterAll
  static void stop() {
    client.close();
    manager.close();
  }

  @Test
  void aReturnedSharedObjectIsAProxyAndChangesReachTheManager() throws Exception {
    Library library = client.shared(Library.class, "library");
    SharedList<String> shelf = library.shelf("returned");
    shelf.add("x");
    library.shelf("returned").add("y");
    assertEquals(List.of("x", "y"), LIBRARY.shelves.get("returned").toList(), "the Manager's object changed");
    assertEquals(List.of("x", "y"), library.shelfAsync("returned").get().toList());
    assertTrue(shelf.toString().contains("proxy for 'typedipc.obj."), shelf.toString());
  }

  /**
   * Proxies compare by the object they reach through their client, as RMI's stubs compare by
   * their remote reference (an audit: two proxies of one object were never equal, so they could
   * not be found in a set or map).
   */
  @Test
  void proxiesOfTheSameObjectThroughTheSameClientAreEqual() {
    Library library = client.shared(Library.class, "library");
    assertEqualProxies(library, client.shared(Library.class, "library"));
    assertEqualProxies(library, client.withTimeout(library, Duration.ofSeconds(5)));
    SharedList<String> held = library.shelf("equal");
    assertEqualProxies(held, library.shelf("equal"));
    assertTrue(new HashSet<>(library.allShelves()).contains(held), "found in a set of proxies from another call");
    assertNotEquals(held, library.shelf("equal, not"));
    assertNotEquals(library.freshShelf(), library.freshShelf());

    SharedList<Integer> inner = client.list("equal-inner");
    assertEqualProxies(inner, client.list("equal-inner"));
    assertNotEquals(inner, client.list("equal-other"));
    SharedMap<String, SharedList<Integer>> d = client.map("equal-d");
    d.put("k", inner);
    assertEqualProxies(inner, d.get("k"));

    assertEqualProxies(client.lock("equal-lock"), client.lock("equal-lock"));
    assertNotEquals(client.lock("equal-lock"), client.lock("equal-lock-2"));
    assertNotEquals(client.lock("equal-lock"), client.rlock("equal-rlock"));
    assertEqualProxies(client.queue("equal-q", String.class), client.queue("equal-q", String.class));
    SharedQueue<Integer> queue = client.queue("equal-vq", Integer.class);
    SharedList<SharedQueue<Integer>> queues = client.list("equal-queues");
    queues.add(queue);
    assertEqualProxies(queue, queues.get(0)); // arrived inside a value, without its element class
    assertNotEquals(queue, client.queue("equal-vq-2", Integer.class));
    assertEqualProxies(client.lock("equal-lock").condition("c"), client.lock("equal-lock").condition("c"));
    assertNotEquals(client.lock("equal-lock").condition("c"), client.lock("equal-lock").condition("d"));

    try (ManagerClient other = TestTransport.connect(manager.port(), KEY)) {
      assertNotEquals(library, other.shared(Library.class, "library"), "proxies of different clients");
      assertNotEquals(client.lock("equal-lock"), other.lock("equal-lock"), "facades of different clients");
    }
  }

  private static void assertEqualProxies(Object a, Object b) {
    assertEquals(a, b);
    assertEquals(b, a);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void theSameObjectIsHostedOnceHoweverOftenItIsReturned() {
    Library library = client.shared(Library.class, "library");
    SharedList<String> held = library.shelf("often"); // held: the object stays hosted meanwhile
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      names.add(library.shelf("often").toString());
    }
    assertEquals(Set.of(held.toString()), names, "one hosted object");
    assertNotEquals(library.freshShelf().toString(), library.freshShelf().toString(),
        "distinct objects are hosted separately");
  }

  @Test
  void proxiesNestedInReturnedValuesAreProxiesToo() {
    Library library = client.shared(Library.class, "library");
    library.shelf("n1").add("a");
    library.shelf("n2");
    Map<String, SharedList<String>> shelves = library.shelves();
    shelves.get("n2").add("b");
    assertEquals(List.of("b"), LIBRARY.shelves.get("n2").toList());
    for (SharedList<String> s : library.allShelves()) {
      s.add("all");
    }
    assertEquals(List.of("a", "all"), library.shelf("n1").toList());
  }

  @Test
  void aProxyPassedAsAnArgumentArrivesAsTheRealObject() {
    Library library = client.shared(Library.class, "library");
    SharedList<String> list = client.list("passed");
    list.add("p");
    assertTrue(library.isServerObject(list));
    library.adopt("adopted", list);
    assertEquals(List.of("p"), LIBRARY.shelves.get("adopted").toList());
    // returned again, it names the object it is hosted as: the same list
    library.shelf("adopted").add("q");
    assertEquals(List.of("p", "q"), list.toList());
    assertTrue(library.shelf("adopted").toString().contains("'passed'"), library.shelf("adopted").toString());
  }

  @Test
  void aMapOfSharedListsKeepsTheListsShared() {
    SharedMap<String, SharedList<Integer>> map = client.map("map-of-lists");
    map.put("k", client.list("inner"));
    map.get("k").add(1);
    map.get("k").add(2);
    assertEquals(List.of(1, 2), client.<Integer>list("inner").toList());
    assertEquals(List.of(1, 2), map.asMap().get("k").toList());
    assertEquals(List.of(List.of(1, 2)), map.values().stream().map(SharedList::toList).toList());
  }

  @Test
  void aMapOfSharedListsIsMutatedFromAnotherJvm() throws Exception {
    SharedMap<String, SharedList<Integer>> map = client.map("jvm-map");
    map.put("k", client.list("jvm-inner"));
    try (ChildJvm child = ChildJvm.start(NestedAppendMain.class, KEY, Integer.toString(manager.port()), "jvm-map", "k", "3")) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
    }
    assertEquals(List.of(0, 1, 2), map.get("k").toList());
    assertEquals(List.of(0, 1, 2), client.<Integer>list("jvm-inner").toList());
  }

  @Test
  void aReturnedProxyWorksFromEveryThreadAndConnectionOfTheClient() throws Exception {
    try (ManagerClient multi = TestTransport.checked(TestTransport.client(ManagerClient.builder()).address("127.0.0.1", manager.port()).authKey(KEY)
        .connections(4).connect())) {
      SharedList<String> shelf = multi.shared(Library.class, "library").shelf("threads");
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String name = "t" + t;
        done.add(Background.run(() -> {
          for (int i = 0; i < 50; i++) {
            shelf.add(name);
          }
        }));
      }
      for (CompletableFuture<Void> d : done) {
        d.get(60, TimeUnit.SECONDS);
      }
      assertEquals(400, LIBRARY.shelves.get("threads").size());
    }
  }

  @Test
  void aLocalObjectCannotBePassedAsASharedOne() {
    SharedMap<String, SharedList<Integer>> map = client.map("local");
    SerializationException e = assertThrows(SerializationException.class, () -> map.put("k", new SharedListImpl<>()));
    assertTrue(e.getMessage().contains("is a local object, and only proxies can be passed to the Manager"), e.getMessage());
  }

  @Test
  void aProxyOfAnotherClientIsRefused() {
    try (ManagerClient second = TestTransport.connect(manager.port(), KEY)) {
      SharedList<String> foreign = second.list("foreign");
      Library library = client.shared(Library.class, "library");
      SerializationException e = assertThrows(SerializationException.class, () -> library.adopt("f", foreign));
      assertTrue(e.getMessage().contains("is a proxy of another ManagerClient"), e.getMessage());
    }
  }

  @Test
  void aReferenceTheClientHasNoBindingForFailsOnlyThatCall() throws Exception {
    SharedMap<String, Library> holder = client.map("holder");
    holder.put("library", client.shared(Library.class, "library"));
    // a client that cannot see this module's test bindings (Library_Binding among them)
    ClassLoader app = SharedObjectsTest.class.getClassLoader();
    ClassLoader hiding = new ClassLoader(app) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> urls = Collections.list(super.getResources(name));
        if (name.equals("META-INF/services/io.typedipc.spi.SharedBinding")) {
          urls.removeIf(u -> u.toString().contains("test-classes"));
        }
        return Collections.enumeration(urls);
      }
    };
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    ManagerClient blind;
    thread.setContextClassLoader(hiding);
    try {
      blind = TestTransport.connect(manager.port(), KEY);
    } finally {
      thread.setContextClassLoader(previous);
    }
    try (blind) {
      SharedMap<String, Object> same = blind.map("holder");
      SerializationException e = assertThrows(SerializationException.class, () -> same.get("library"));
      assertTrue(e.getMessage().contains("as a io.typedipc.it.Library, for which this client has no typedipc binding"),
          e.getMessage());
      assertEquals(1, same.size(), "the connection is still usable");
      assertTrue(blind.isConnected());
    }
  }

  @Test
  void anObjectWithTwoUnrelatedSharedInterfacesCannotBeReturned() {
    Library library = client.shared(Library.class, "library");
    SerializationException e = assertThrows(SerializationException.class, library::twoFaces);
    assertTrue(e.getMessage().contains("implements several @Shared interfaces"), e.getMessage());
    assertTrue(client.isConnected());
  }
}
