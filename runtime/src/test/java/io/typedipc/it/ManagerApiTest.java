package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The public Javadoc of {@link Manager} and its builder, where no other test held it. The Manager
 * runs in this JVM (these are its own promises); its clients reach it over loopback as any.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerApiTest {
  private static final long WAIT_SECONDS = 30;
  private final AuthKey key = AuthKey.generate();

  /**
   * authenticationFailures(): "How many connections failed authentication since the Manager
   * started"; address() and port(): where it listens; toString() names it — and after close()
   * they still name the address it listened on (they used to say port 0 for a Manager started
   * with address(0), as a log line written at close would show).
   */
  @Test
  void aManagerCountsFailedAuthenticationsAndKeepsNamingItsAddressAfterClose() throws Exception {
    Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).start();
    int port = manager.port();
    try {
      assertTrue(port > 0);
      assertEquals(new InetSocketAddress("127.0.0.1", port), manager.address());
      assertEquals("Manager[/127.0.0.1:" + port + "]", manager.toString());
      assertEquals(0, manager.authenticationFailures());
      for (int i = 1; i <= 2; i++) {
        assertThrows(AuthenticationException.class, () -> ManagerClient.connect("127.0.0.1", port, AuthKey.generate()));
        // counted as the Manager's side of the connection ends, which may be a moment after the client heard
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (manager.authenticationFailures() < i) {
          assertTrue(System.nanoTime() < deadline, "the failed authentication " + i + " was never counted");
          Thread.sleep(5); // polling the Manager's count, with a deadline
        }
        assertEquals(i, manager.authenticationFailures());
      }
      try (ManagerClient client = TestTransport.connect(port, key)) {
        assertEquals("counted", client.shared(TestService.class, "service").echo("counted"));
      }
      assertEquals(2, manager.authenticationFailures(), "a client with the key is no failure");
    } finally {
      manager.close();
    }
    assertEquals(port, manager.port());
    assertEquals(new InetSocketAddress("127.0.0.1", port), manager.address());
    assertEquals("Manager[/127.0.0.1:" + port + "]", manager.toString());
  }

  /** start(): "@throws UncheckedIOException if the address cannot be bound"; the Manager there goes on serving. */
  @Test
  void startingOnATakenPortFailsWithUncheckedIOException() {
    try (Manager first = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).start()) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> Manager.builder().address(first.port()).authKey(key).start());
      assertTrue(e.getMessage().contains("cannot listen on /127.0.0.1:" + first.port()), e.getMessage());
      try (ManagerClient client = TestTransport.connect(first.port(), key)) {
        assertEquals("still", client.shared(TestService.class, "service").echo("still"));
      }
    }
  }

  /**
   * close(): "lets running calls finish and send their replies (up to the builder's close
   * timeout), then closes every connection"; closeTimeout: "How long close() waits for running
   * calls". A call that finishes within it gets its result; one still running when it passes ends
   * with ManagerClosedException, and close() returns then, not when the call ends; a call waiting
   * in a built-in (an event's await) ends with ManagerClosedException as the close begins
   * (ManagerClosedException's Javadoc). awaitTermination() returns once the Manager is closed.
   */
  @Test
  void closeWaitsForRunningCallsUpToTheCloseTimeout() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    TestServiceImpl impl = new TestServiceImpl() {
      @Override
      public void sleep(long millis) {
        started.countDown();
        super.sleep(millis);
      }
    };
    Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key).closeTimeout(Duration.ofSeconds(2)))
        .share(TestService.class, "concurrent", impl, io.typedipc.Dispatch.CONCURRENT).start();
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", manager.port()).authKey(key).callTimeout(Duration.ZERO).connect())) {
      TestService service = client.shared(TestService.class, "concurrent");
      CompletableFuture<Void> terminated = Background.run(() -> {
        try {
          manager.awaitTermination();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      CompletableFuture<Void> quick = Background.run(() -> service.sleep(300));
      CompletableFuture<Void> slow = Background.run(() -> service.sleep(60_000));
      SharedEvent never = client.event("never-set");
      long[] waitEnded = new long[1];
      CompletableFuture<Void> waiting = Background.run(() -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          waitEnded[0] = System.nanoTime();
        }
      });
      assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS), "the two calls never started");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (manager.introspect().callsInFlight() < 3) {
        assertTrue(System.nanoTime() < deadline, "the event's wait never reached the Manager: " + manager.introspect());
        Thread.sleep(5); // polling the Manager's view, with a deadline
      }
      assertFalse(terminated.isDone());
      long closing = System.nanoTime();
      manager.close();
      long closed = System.nanoTime();
      long millis = TimeUnit.NANOSECONDS.toMillis(closed - closing);
      assertTrue(millis >= 1_500 && millis < 20_000, "close() returned after " + millis + " ms, not after its 2 s close timeout");
      quick.get(WAIT_SECONDS, TimeUnit.SECONDS); // finished within the close timeout: its reply came
      ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertInstanceOf(ManagerClosedException.class, e.getCause());
      ExecutionException w = assertThrows(ExecutionException.class, () -> waiting.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertInstanceOf(ManagerClosedException.class, w.getCause());
      assertTrue(waitEnded[0] - closed < 0, "the event's wait ended only with the connections, not as the close began");
      terminated.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertTrue(manager.awaitTermination(Duration.ZERO));
    } finally {
      manager.close();
    }
  }

  /**
   * Builder.list(name, initial): "holding a copy of initial" — changing the collection after the
   * call changes nothing; value(name, initial): "holding initial". share and channel refuse a
   * reserved name as they refuse a blank or taken one.
   */
  @Test
  void theBuildersInitialValuesAreCopiesAndReservedNamesAreRefused() {
    List<String> initial = new ArrayList<>(List.of("a", "b"));
    Manager.Builder builder = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .list("letters", initial).value("answer", 42);
    initial.add("c");
    try (Manager manager = builder.start(); ManagerClient client = TestTransport.connect(manager.port(), key)) {
      SharedList<String> letters = client.list("letters");
      assertEquals(List.of("a", "b"), letters.toList());
      SharedValue<Integer> answer = client.value("answer", null);
      assertEquals(42, answer.get());
    }
    IllegalArgumentException share = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().share(TestService.class, "typedipc.mine", new TestServiceImpl()));
    assertTrue(share.getMessage().contains("reserved"), share.getMessage());
    IllegalArgumentException channel = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().channel(Events.class, "typedipc.mine", 4));
    assertTrue(channel.getMessage().contains("reserved"), channel.getMessage());
  }

  /**
   * remove(name): "@return whether there was an object of that name; @throws
   * IllegalArgumentException if the name is reserved (typedipc.…) or names a channel" — refused
   * names stay served; awaitTermination(timeout): false while the Manager runs.
   */
  @Test
  void removeRefusesReservedNamesAndChannelsAndSaysWhetherThereWasOne() throws Exception {
    try (Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).channel(Events.class, "events", 4).start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      assertThrows(IllegalArgumentException.class, () -> manager.remove("typedipc.control"));
      IllegalArgumentException channel = assertThrows(IllegalArgumentException.class, () -> manager.remove("events"));
      assertTrue(channel.getMessage().contains("channel"), channel.getMessage());
      assertFalse(manager.remove("nothing"));
      assertEquals(4, client.channel(Events.class, "events").capacity(), "the channel is still served");
      assertEquals("here", client.shared(TestService.class, "service").echo("here"), "so is the Manager's control");
      assertTrue(manager.remove("service"));
      assertFalse(manager.remove("service"));
      assertFalse(manager.awaitTermination(Duration.ofMillis(50)));
    }
  }

  /**
   * close() while clients open connections: a client whose connection was still authenticating
   * fails as for any Manager that goes away (ConnectionLostException, or ManagerClosedException),
   * never with AuthenticationException. The Manager's shutdown notice, written to such a connection
   * before its handshake's verdict, used to be read by the client as the verdict and the Manager's
   * proof of the key: "the Manager ... could not prove it holds the auth key" (12 of 90 such calls).
   */
  @Test
  void aConnectionAuthenticatingWhileTheManagerClosesIsNotToldTheKeyIsWrong() throws Exception {
    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (int round = 0; round < 20; round++) {
      Manager manager = Manager.builder().address(0).authKey(key).jmx(false).closeTimeout(Duration.ofMillis(100))
          .share(TestService.class, "service", new TestServiceImpl()).start();
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect()) {
        TestService service = client.shared(TestService.class, "service");
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          calls.add(Background.run(() -> service.echo("from a thread of its own"))); // each opens a connection of its own
        }
        manager.close();
        for (CompletableFuture<Void> call : calls) {
          String outcome;
          try {
            call.get(WAIT_SECONDS, TimeUnit.SECONDS);
            outcome = "answered";
          } catch (ExecutionException e) {
            outcome = e.getCause().getClass().getSimpleName();
          }
          outcomes.merge(outcome, 1, Integer::sum);
        }
      } finally {
        manager.close();
      }
    }
    java.util.Set<String> allowed = java.util.Set.of("answered", "ConnectionLostException", "ManagerClosedException");
    assertTrue(allowed.containsAll(outcomes.keySet()), "calls on connections opened as the Manager closed: " + outcomes);
  }
}
