package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.it.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link SharedBarrier} between JVMs: tripping, timeouts, reset, abort, dead parties. */
class SharedBarrierTest {

  @Test
  void partiesInTwoJvmsTripTheBarrierWithDistinctIndicesAndItCanBeReused() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedBarrier b = f.client().barrier("b", 3);
      ChildJvm child = f.child("barrier", "b", "3");
      child.awaitLine("ARRIVING", LONG);
      CompletableFuture<Integer> second = background(() -> b.await(LONG));
      eventually("two parties wait", () -> b.getNumberWaiting() == 2);
      Set<Integer> indices = new TreeSet<>();
      indices.add(b.await());
      indices.add(second.get(30, TimeUnit.SECONDS));
      indices.add(Integer.parseInt(child.awaitLine("INDEX", LONG)));
      assertEquals(Set.of(0, 1, 2), indices);
      assertEquals(0, b.getNumberWaiting());
      assertEquals(3, b.getParties());
      assertFalse(b.isBroken());
      SharedBarrier one = f.client().barrier("one", 1);
      assertEquals(0, one.await(Duration.ZERO), "a barrier of one party trips at once");
    }
  }

  @Test
  void aTimeoutBreaksTheBarrierForEveryoneUntilReset() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedBarrier b = f.client().barrier("b", 3);
      CompletableFuture<Integer> other = background(b::await);
      eventually("one waits", () -> b.getNumberWaiting() == 1);
      assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(200)));
      ExecutionException e = assertThrows(ExecutionException.class, () -> other.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.toString());
      assertTrue(b.isBroken());
      assertThrows(BrokenBarrierException.class, b::await);
      b.reset();
      assertFalse(b.isBroken());

      CompletableFuture<Integer> waiting = background(b::await);
      eventually("one waits", () -> b.getNumberWaiting() == 1);
      b.reset(); // breaks it for the one waiting, whole again after
      e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.toString());
      assertFalse(b.isBroken());

      CompletableFuture<Integer> aborted = background(b::await);
      eventually("one waits", () -> b.getNumberWaiting() == 1);
      b.abort();
      e = assertThrows(ExecutionException.class, () -> aborted.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.toString());
      assertTrue(b.isBroken());
    }
  }

  @Test
  void aPartyKilledWhileWaitingBreaksTheBarrier() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedBarrier b = f.client().barrier("b", 3);
      ChildJvm child = f.child("barrier", "b", "3");
      child.awaitLine("ARRIVING", LONG);
      eventually("the child waits", () -> b.getNumberWaiting() == 1);
      CompletableFuture<Integer> here = background(b::await);
      eventually("two wait", () -> b.getNumberWaiting() == 2);
      child.kill();
      ExecutionException e = assertThrows(ExecutionException.class, () -> here.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.toString());
      assertTrue(b.isBroken());
    }
  }

  @Test
  void theTrippingPartyRunsItsActionInItsOwnJvmBeforeTheOthersAreReleased() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedList<String> log = f.client().list("log");
      SharedBarrier b = f.client().barrier("b", 3);
      CompletableFuture<Integer> first = background(() -> {
        int index = b.await(LONG);
        return log.size() == 1 ? index : -1; // the action had run before this party was released
      });
      CompletableFuture<Integer> second = background(() -> {
        int index = b.await(LONG);
        return log.size() == 1 ? index : -1;
      });
      eventually("two parties wait", () -> b.getNumberWaiting() == 2);
      ChildJvm child = f.child("barrierAction", "b", "3", "log");
      String pid = child.awaitLine("PID", LONG);
      assertEquals("0", child.awaitLine("INDEX", LONG), "the party with the action tripped the barrier");
      assertEquals(Set.of(1, 2), Set.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS)));
      assertEquals(List.of("action in " + pid), log.toList(), "run once, in the JVM of the tripping party");
      assertFalse(b.isBroken());

      // a handle with an action that does not trip the barrier does not run it
      CompletableFuture<Integer> again = background(() -> b.await(LONG));
      ChildJvm arriving = f.child("barrierAction", "b", "3", "log");
      arriving.awaitLine("PID", LONG);
      eventually("two parties wait", () -> b.getNumberWaiting() == 2);
      assertEquals(0, b.await(LONG), "this handle, without an action, trips the barrier");
      assertEquals(Set.of(1, 2), Set.of(again.get(30, TimeUnit.SECONDS), Integer.parseInt(arriving.awaitLine("INDEX", LONG))));
      assertEquals(1, log.size(), "no action ran");
    }
  }

  @Test
  void anActionThatThrowsBreaksTheBarrierForEveryParty() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedList<String> log = f.client().list("log");
      SharedBarrier b = f.client().barrier("b", 2);
      CompletableFuture<Integer> waiting = background(() -> b.await(LONG));
      eventually("one party waits", () -> b.getNumberWaiting() == 1);
      ChildJvm child = f.child("barrierAction", "b", "2", "log", "throw");
      assertEquals("the action failed", child.awaitLine("ACTION-THREW", LONG), "the tripping party gets the action's exception");
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.toString());
      assertTrue(b.isBroken());
      assertEquals(1, log.size());
    }
  }

  @Test
  void aLocalActionRunsForEachGenerationItTrips() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
      SharedBarrier one = f.client().barrier("one", 1, runs::incrementAndGet);
      for (int i = 0; i < 3; i++) {
        assertEquals(0, one.await(LONG));
      }
      assertEquals(3, runs.get());
      assertThrows(NullPointerException.class, () -> f.client().barrier("x", 1, null));
    }
  }
}
