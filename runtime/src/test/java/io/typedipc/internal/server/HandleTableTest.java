package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Dispatch;
import io.typedipc.spi.InterfaceDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection's handle table: a handle names the object it was opened for, or nothing once the
 * Manager removed it, and never another object; and entries of removed objects do not pile up in
 * a connection that stays (each used to cost about 250 bytes until the connection closed, so a
 * client cycling through creating, opening and removing objects grew the Manager's heap without
 * bound).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandleTableTest {
  private static final InterfaceDescriptor NO_METHODS = new InterfaceDescriptor(Runnable.class, "0", List.of(), List.of());

  private static ExportedObject object(String name) {
    return new ExportedObject(name, new Object(), NO_METHODS, null, Dispatch.SERIAL, Runnable::run);
  }

  @Test
  void anObjectOpenedTwiceKeepsItsHandleAndDistinctObjectsGetDistinctOnes() {
    HandleTable table = new HandleTable();
    ExportedObject a = object("a");
    ExportedObject b = object("b");
    int ha = table.open(a);
    int hb = table.open(b);
    assertNotEquals(ha, hb);
    assertEquals(ha, table.open(a));
    assertSame(a, table.get(ha));
    assertSame(b, table.get(hb));
    assertTrue(table.wasIssued(ha));
    assertFalse(table.wasIssued(hb + 1), "a handle never given out");
    assertFalse(table.wasIssued(-1));
    assertNull(table.get(hb + 1));
  }

  @Test
  void cyclingThroughOpeningAndRemovingObjectsKeepsTheTableSmall() {
    HandleTable table = new HandleTable();
    ExportedObject kept = object("kept");
    int keptHandle = table.open(kept);
    List<Integer> removedHandles = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ExportedObject o = object("o" + i);
      int h = table.open(o);
      o.remove();
      removedHandles.add(h);
      assertTrue(table.size() <= HandleTable.MIN_SWEEP + 2, "entries kept after " + i + " cycles: " + table.size());
    }
    assertSame(kept, table.get(keptHandle), "a live object keeps its handle through every sweep");
    for (int h : removedHandles) {
      ExportedObject o = table.get(h);
      assertTrue(o == null || o.removed, "handle " + h + " names another object");
      assertTrue(table.wasIssued(h));
    }
  }

  @Test
  void removedEntriesNeverOutnumberTheLiveOnesOfTheLastSweep() {
    HandleTable table = new HandleTable();
    List<ExportedObject> live = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ExportedObject o = object("live" + i);
      table.open(o);
      live.add(o);
    }
    for (int i = 0; i < 50_000; i++) {
      ExportedObject o = object("gone" + i);
      table.open(o);
      o.remove();
      assertTrue(table.size() <= 2 * live.size() + HandleTable.MIN_SWEEP + 1, "entries kept: " + table.size());
    }
  }

  @Test
  void forgetAndLookupsAgreeWithAPlainMapUnderRandomOperations() {
    Random random = new Random(42);
    HandleTable table = new HandleTable();
    Map<Integer, ExportedObject> expected = new HashMap<>();
    List<Integer> handles = new ArrayList<>();
    for (int step = 0; step < 200_000; step++) {
      int op = random.nextInt(10);
      if (op < 5 || handles.isEmpty()) {
        ExportedObject o = object("o" + step);
        int h = table.open(o);
        expected.put(h, o);
        handles.add(h);
      } else if (op < 8) {
        int h = handles.get(random.nextInt(handles.size()));
        ExportedObject o = expected.get(h);
        if (o != null) {
          o.remove();
          if (random.nextBoolean()) {
            table.forget(h); // as a call on the handle does
          }
          expected.put(h, null);
        }
      } else {
        int h = handles.get(random.nextInt(handles.size()));
        ExportedObject want = expected.get(h);
        ExportedObject got = table.get(h);
        if (want != null) {
          assertSame(want, got, "handle " + h);
        } else {
          assertTrue(got == null || got.removed, "handle " + h + " of a removed object names a live one");
        }
      }
    }
    for (Map.Entry<Integer, ExportedObject> e : expected.entrySet()) {
      if (e.getValue() != null) {
        assertSame(e.getValue(), table.get(e.getKey()));
        assertEquals(e.getKey(), table.open(e.getValue()), "a live object opened again keeps its handle");
      }
    }
  }

  @Test
  void forEachVisitsEachObjectInTheTable() {
    HandleTable table = new HandleTable();
    List<ExportedObject> opened = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ExportedObject o = object("o" + i);
      table.open(o);
      opened.add(o);
    }
    List<ExportedObject> seen = new ArrayList<>();
    table.forEach(seen::add);
    assertEquals(opened.size(), seen.size());
    assertTrue(seen.containsAll(opened));
  }
}
