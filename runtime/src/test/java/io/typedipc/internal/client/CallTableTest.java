package io.typedipc.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallTableTest {
  private static PendingCall call() {
    return PendingCall.async(null, 0, "x");
  }

  @Test
  void idsAreUniqueAndFindTheirCall() {
    CallTable table = new CallTable();
    List<PendingCall> calls = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      PendingCall c = call();
      table.add(c);
      calls.add(c);
      assertEquals(true, ids.add(c.id));
    }
    assertEquals(10_000, table.size());
    for (PendingCall c : calls) {
      assertSame(c, table.remove(c.id));
      assertNull(table.remove(c.id), "removed twice");
    }
    assertEquals(0, table.size());
  }

  @Test
  void aStaleIdFindsNothingEvenWhenItsSlotIsTaken() {
    CallTable table = new CallTable();
    PendingCall first = call();
    table.add(first);
    long stale = first.id;
    table.remove(stale);
    for (int i = 0; i < 100; i++) {
      table.add(call()); // one of them takes the stale id's slot
    }
    assertNull(table.remove(stale));
    assertEquals(100, table.size());
  }

  @Test
  void longPendingCallsSurviveGrowingAndShrinking() {
    CallTable table = new CallTable();
    Random random = new Random(42);
    List<PendingCall> pinned = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // calls that stay pending throughout, like parked lock acquires
      PendingCall c = call();
      table.add(c);
      pinned.add(c);
    }
    List<PendingCall> burst = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      int n = 1 + random.nextInt(20_000);
      for (int i = 0; i < n; i++) {
        PendingCall c = call();
        table.add(c);
        burst.add(c);
      }
      while (!burst.isEmpty()) {
        PendingCall c = burst.remove(burst.size() - 1 - random.nextInt(Math.min(burst.size(), 8)));
        assertSame(c, table.remove(c.id));
      }
      assertEquals(pinned.size(), table.size());
    }
    for (PendingCall c : pinned) {
      assertSame(c, table.remove(c.id));
    }
    assertEquals(0, table.size());
  }

  @Test
  void clearHandsOverEveryCall() {
    CallTable table = new CallTable();
    for (int i = 0; i < 300; i++) {
      table.add(call());
    }
    List<PendingCall> seen = new ArrayList<>();
    table.clear(seen::add);
    assertEquals(300, seen.size());
    assertEquals(0, table.size());
    PendingCall next = call();
    table.add(next);
    assertNotEquals(0, next.id);
    assertSame(next, table.remove(next.id));
  }

  @Test
  void aWindowSwingingBetweenFullAndFewDoesNotResizeOnEverySwing() {
    CallTable table = new CallTable();
    java.util.ArrayDeque<PendingCall> pending = new java.util.ArrayDeque<>();
    for (int i = 0; i < 10_000; i++) {
      PendingCall c = call();
      table.add(c);
      pending.add(c);
    }
    int grown = table.capacity();
    for (int swing = 0; swing < 20; swing++) { // like a pipelining caller: drain to a few, refill
      while (pending.size() > 100) {
        assertSame(pending.peek(), table.remove(pending.poll().id));
      }
      while (pending.size() < 10_000) {
        PendingCall c = call();
        table.add(c);
        pending.add(c);
      }
      assertEquals(grown, table.capacity(), "resized during swing " + swing);
    }
    while (!pending.isEmpty()) { // the burst is over; calls go on at a trickle
      assertSame(pending.peek(), table.remove(pending.poll().id));
    }
    for (int i = 0; i < 100_000; i++) {
      PendingCall c = call();
      table.add(c);
      assertSame(c, table.remove(c.id));
    }
    assertEquals(1024, table.capacity(), "shrinks back once the burst is over");
  }
}
