package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.NoSuchObjectException;
import io.typedipc.process.ChildProcess;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's reference counting across JVMs: an object the Manager hosts because a call returned it
 * is released when no client holds a proxy of it — dropped by the program, or gone with a dead
 * client — while objects shared or created by name stay until removed.
 */
class LifetimeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(180)
  void objectsHostedOnTheFlyGoWhenTheirLastProxyIsDroppedOrItsClientDies() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cells = new CellsImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cells).start();
        ChildJvm child = ChildJvm.start(CellsClientMain.class, key, Integer.toString(manager.port()), "100", "10")) {
      child.awaitLine("GOT 100", WAIT);
      assertEquals(100, cells.made());
      eventually("the 90 cells the other JVM dropped are released", () -> cells.reachable(), 10, child);
      // the kept ones still answer: a round that started after the release completes
      int round = Integer.parseInt(child.awaitLine("ROUND", WAIT));
      int next;
      do {
        next = Integer.parseInt(child.awaitLine("ROUND", WAIT));
      } while (next < round + 2);
      assertTrue(child.isAlive(), child.output());
      child.kill(); // a dead client's references go with its session
      eventually("the cells the killed JVM held are released", () -> cells.reachable(), 0, child);
    }
  }

  /**
   * The README's section 5: released once no client holds a proxy — "or the client closed": a
   * client that closes cleanly, its proxies still referenced by the program, lets its objects go,
   * while those another client holds stay.
   */
  @Test
  @Timeout(120)
  void aClientThatClosesReleasesTheObjectsItHeldOthersKeepTheirs() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cells = new CellsImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cells).start();
        ManagerClient keeper = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Cells.Cell kept = keeper.shared(Cells.class, "cells").newCell(7);
      List<Cells.Cell> held = new java.util.ArrayList<>();
      ManagerClient closing = ManagerClient.connect("127.0.0.1", manager.port(), key);
      Cells remote = closing.shared(Cells.class, "cells");
      for (int i = 0; i < 10; i++) {
        held.add(remote.newCell(i));
      }
      assertEquals(11, cells.reachable());
      closing.close();
      eventually("the cells of the closed client are released", () -> cells.reachable(), 1, null);
      assertEquals(10, held.size(), "still referenced by the program");
      assertEquals(7, kept.get());
    }
  }

  @Test
  @Timeout(120)
  void aProxyDroppedInThisJvmReleasesItsObjectAndOneKeptStaysUsable() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cells = new CellsImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cells).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Cells remote = client.shared(Cells.class, "cells");
      Cells.Cell kept = remote.newCell(1);
      Cells.Cell keptWithTimeout = client.withTimeout(remote.newCell(2), Duration.ofSeconds(5)); // the copy holds it
      for (int i = 0; i < 20; i++) {
        remote.newCell(100 + i).set(i); // dropped at once
      }
      eventually("the 20 dropped cells are released", () -> cells.reachable(), 2, null);
      kept.set(5);
      assertEquals(5, kept.get());
      assertEquals(2, keptWithTimeout.get());
    }
  }

  @Test
  @Timeout(120)
  void namedObjectsStayUntilRemovedAndRemovingEndsTheirWaits() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).list("fixed").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.<String, String>map("created").put("k", "v");
      client.<String>list("fixed").add("x");
      for (int i = 0; i < 5; i++) {
        System.gc(); // no proxy of them is left in this JVM's program: they stay anyway
      }
      SharedMap<String, String> created = other.map("created");
      assertEquals("v", created.get("k"));
      assertTrue(other.remove("created"));
      assertFalse(other.remove("created"), "removed already");
      assertThrows(NoSuchObjectException.class, () -> created.get("k"), "a proxy of a removed object fails");
      assertEquals(null, other.<String, String>map("created").get("k"), "the name makes a new object");

      SharedList<String> fixed = client.list("fixed");
      assertTrue(manager.remove("fixed"), "the Manager removes an object shared at start");
      assertThrows(NoSuchObjectException.class, fixed::size);

      SharedLock lock = client.lock("lock");
      lock.lock();
      SharedLock waiting = other.lock("lock");
      CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
        try {
          return waiting.tryLock(WAIT);
        } catch (InterruptedException e) {
          throw new RuntimeException(e);
        }
      }, TestThreads.EACH);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (lock.getQueueLength() == 0) {
        assertTrue(System.nanoTime() < deadline, "the other client waits for the lock");
        Thread.sleep(5);
      }
      assertTrue(client.remove("lock"));
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof ManagerClosedException, e.toString());

      assertThrows(IllegalArgumentException.class, () -> client.remove("typedipc.control"));
      client.channel(io.typedipc.channel.Events.class, "pings", 10);
      assertThrows(IllegalArgumentException.class, () -> client.remove("pings"));
    }
  }

  /**
   * Removing a name ends the name, not the references to its object that values hold: a list held
   * in a shared map is still there after its name is removed, and a handle read from the map works
   * (an audit found this undocumented).
   */
  @Test
  @Timeout(120)
  void removingANameLeavesItsObjectInTheValuesThatHoldIt() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedList<Integer> inner = client.list("held-inner");
      inner.add(1);
      SharedMap<String, SharedList<Integer>> d = client.map("holder");
      d.put("k", inner);
      assertTrue(client.remove("held-inner"));
      assertThrows(NoSuchObjectException.class, inner::size, "the name's proxies fail");
      SharedList<Integer> held = d.get("k");
      held.add(2);
      assertEquals(List.of(1, 2), held.toList(), "the map still holds the list");
      assertEquals(List.of(), client.<Integer>list("held-inner").toList(), "the name makes a new, empty list");
    }
  }

  /**
   * A connection's table of handles forgets removed objects as it opens more (each entry used to
   * stay until the connection closed): a proxy kept across a thousand objects created, used and
   * removed still fails with {@link NoSuchObjectException} naming its object, and never reaches
   * another one.
   */
  @Test
  @Timeout(120)
  void aProxyOfARemovedObjectStillFailsNamingItOnceItsHandleIsSweptOut() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, String> gone = client.map("gone");
      gone.put("k", "v");
      SharedMap<String, String> live = client.map("live");
      live.put("k", "kept");
      assertTrue(client.remove("gone"));
      for (int i = 0; i < 1_000; i++) {
        client.<String, String>map("cycle-" + i).put("k", "v" + i);
        assertTrue(client.remove("cycle-" + i));
      }
      client.<String, String>map("gone").put("k", "new"); // the name makes a new object, with a new handle
      NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> gone.get("k"));
      assertTrue(e.getMessage().contains("no longer hosts 'gone'"), e.getMessage());
      assertEquals("kept", live.get("k"), "a live object's handle survives the sweeps");
      assertEquals("new", client.<String, String>map("gone").get("k"));
    }
  }

  /**
   * A call already read and waiting for its object's turn when the object is removed fails as a
   * call after the removal does, with {@link NoSuchObjectException} (it once got a {@code
   * RemoteException} wrapping a {@code NullPointerException}).
   */
  @Test
  @Timeout(120)
  void aCallWaitingForItsTurnWhenItsObjectIsRemovedFailsWithNoSuchObject() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient probe = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<Void> slow = Background.run(() -> service.sleep(2_000));
      Busy.awaitBusy(probe, "service"); // the slow call runs; the probe's quick call waits behind it
      CompletableFuture<Integer> queued = service.incrementAsync();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (manager.introspect().object("service").queuedCalls() < 2) {
        assertTrue(System.nanoTime() < deadline, "the call did not reach the object's queue");
        Thread.sleep(5);
      }
      assertTrue(manager.remove("service"));
      slow.get(60, TimeUnit.SECONDS); // the running call ends as it would have
      ExecutionException e = assertThrows(ExecutionException.class, () -> queued.get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof NoSuchObjectException, e.getCause().toString());
    }
  }

  @Test
  @Timeout(180)
  void aChildHandedAProxyHoldsTheObjectAfterTheParentDroppedIt() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cells = new CellsImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cells).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Cells remote = client.shared(Cells.class, "cells");
      SharedEvent held = client.event("held");
      SharedEvent stop = client.event("stop");
      ChildProcess child = ChildProcess.builder(HoldCellEntry.class)
          .jvmOptions("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m")
          .handle("cell", remote.newCell(41)).handle("held", held).handle("stop", stop)
          .captureOutput().start();
      try {
        assertTrue(held.await(WAIT), "the child opened the cell");
        remote.newCell(0); // a marker, dropped like this JVM's proxy of the child's cell
        eventually("this JVM's dropped proxies are reported (the marker is released)", () -> cells.reachable(), 1, null);
        for (int i = 0; i < 10; i++) { // and the child's cell stays: it still holds it
          assertEquals(1, cells.reachable());
          Thread.sleep(50);
        }
        stop.set();
        assertEquals(0, child.join(), child.output());
        eventually("the cell goes when the child has gone", () -> cells.reachable(), 0, null);
      } finally {
        child.close();
      }
    }
  }

  @Test
  @Timeout(180)
  void anObjectReturnedAgainWhileItsReleaseIsUnderWayStaysUsable() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cells = new CellsImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cells).start()) {
      List<CompletableFuture<Void>> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) { // a client each: one thread's proxies do not keep another's alive
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
        Cells remote = client.shared(Cells.class, "cells");
        threads.add(CompletableFuture.runAsync(() -> {
          try (client) {
            for (int i = 0; i < 1_000; i++) {
              touchSameCell(remote); // its proxy is dropped on return: released and hosted afresh, again and again
              if (i % 20 == 0) {
                System.gc(); // no proxy of it is reachable now: its report goes out while the next ones arrive
              }
            }
          }
        }, TestThreads.EACH));
      }
      for (CompletableFuture<Void> t : threads) {
        t.get(120, TimeUnit.SECONDS); // a NoSuchObjectException here: released while a proxy was in use
      }
      assertTrue(cells.sameCell().get() > 0);
    }
  }

  private static void touchSameCell(Cells remote) {
    Cells.Cell cell = remote.sameCell();
    cell.set(cell.get() + 1);
  }

  /** Polls {@code value} (collecting garbage in this JVM, the Manager's) until it equals {@code wanted}. */
  private static void eventually(String what, IntSupplier value, int wanted, ChildJvm child) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int last;
    while ((last = value.getAsInt()) != wanted) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what + " (" + last + " instead of " + wanted + ")"
            + (child == null ? "" : "; child output:\n" + child.output()));
      }
      System.gc();
      Thread.sleep(20);
    }
  }
}
