package io.typedipc.internal.server;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The objects one connection has opened, by handle: what a CALL's handle names. Handles are
 * numbered in order and never reused, so a handle kept by a client always names the object it was
 * opened for, or none.
 *
 * <p>The table forgets objects the Manager no longer hosts: a call on such a handle finds nothing
 * (the caller answers that the object is gone, which {@link #wasIssued} tells apart from a handle
 * the connection never had), and it costs nothing after that. Before each open that would grow the
 * table past twice the entries it kept after its last sweep (or past {@value #MIN_SWEEP}), the
 * table sweeps out the entries of removed objects, so entries of removed objects never outnumber
 * those that were live at the last sweep, plus {@value #MIN_SWEEP}: a client cycling through
 * creating, opening and removing objects does not grow it.
 *
 * <p>Open addressing with linear probing over arrays ({@code handle & mask} picks the first slot;
 * handles are consecutive numbers, so live ones seldom collide); no boxing on lookup. Not
 * thread-safe: only the connection's reader touches it.
 */
final class HandleTable {
  /** Sweeps never run while the table holds fewer entries than this. */
  static final int MIN_SWEEP = 64;
  private static final int MIN_CAPACITY = 16;

  private int[] keys = new int[MIN_CAPACITY];
  private ExportedObject[] objects = new ExportedObject[MIN_CAPACITY];
  private int mask = MIN_CAPACITY - 1;
  private int size;
  private int nextHandle;
  private int sweepAt = MIN_SWEEP;
  /** The handle of each object in the table, for a second open of the same object. */
  private final Map<ExportedObject, Integer> handleOf = new IdentityHashMap<>();

  /** The handle of {@code object}: the one it already has on this connection, else a new one. */
  int open(ExportedObject object) {
    Integer known = handleOf.get(object);
    if (known != null) {
      return known;
    }
    if (size >= sweepAt) {
      sweep();
    }
    if (nextHandle == Integer.MAX_VALUE) {
      throw new IllegalStateException("this connection has opened " + Integer.MAX_VALUE + " objects");
    }
    int handle = nextHandle++;
    put(handle, object);
    handleOf.put(object, handle);
    return handle;
  }

  /** The object {@code handle} names, or {@code null} if it names none now. */
  ExportedObject get(int handle) {
    int i = handle & mask;
    while (true) {
      ExportedObject o = objects[i];
      if (o == null) {
        return null;
      }
      if (keys[i] == handle) {
        return o;
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether {@code handle} was ever given out by this table (its object may be gone since). */
  boolean wasIssued(int handle) {
    return handle >= 0 && handle < nextHandle;
  }

  /** Forgets {@code handle}, whose object the Manager no longer hosts. */
  void forget(int handle) {
    ExportedObject o = get(handle);
    if (o != null) {
      handleOf.remove(o);
      delete(handle);
    }
  }

  /** The number of objects the table holds, removed ones not yet swept out included. */
  int size() {
    return size;
  }

  /** Calls {@code action} for each object in the table; {@code action} must not change it. */
  void forEach(Consumer<ExportedObject> action) {
    for (ExportedObject o : objects) {
      if (o != null) {
        action.accept(o);
      }
    }
  }

  /** Drops the entries of removed objects, and shrinks the arrays when they are mostly empty. */
  private void sweep() {
    int[] oldKeys = keys;
    ExportedObject[] oldObjects = objects;
    int live = 0;
    for (ExportedObject o : oldObjects) {
      if (o != null && !o.removed) {
        live++;
      }
    }
    int capacity = MIN_CAPACITY;
    while (capacity < (live + 1) * 2) {
      capacity <<= 1;
    }
    keys = new int[capacity];
    objects = new ExportedObject[capacity];
    mask = capacity - 1;
    size = 0;
    for (int i = 0; i < oldObjects.length; i++) {
      ExportedObject o = oldObjects[i];
      if (o == null) {
        continue;
      }
      if (o.removed) {
        handleOf.remove(o);
      } else {
        put(oldKeys[i], o);
      }
    }
    sweepAt = Math.max(MIN_SWEEP, size * 2);
  }

  private void put(int handle, ExportedObject object) {
    if (size + 1 > (objects.length >> 1)) {
      grow();
    }
    int i = handle & mask;
    while (objects[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = handle;
    objects[i] = object;
    size++;
  }

  private void grow() {
    int[] oldKeys = keys;
    ExportedObject[] oldObjects = objects;
    keys = new int[oldKeys.length << 1];
    objects = new ExportedObject[oldObjects.length << 1];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldObjects.length; i++) {
      if (oldObjects[i] != null) {
        put(oldKeys[i], oldObjects[i]);
      }
    }
  }

  /** Removes {@code handle}'s entry, shifting later entries of its probe run back (no tombstones). */
  private void delete(int handle) {
    int i = handle & mask;
    while (keys[i] != handle || objects[i] == null) {
      i = (i + 1) & mask;
    }
    objects[i] = null;
    size--;
    int gap = i;
    int j = (i + 1) & mask;
    while (objects[j] != null) {
      int home = keys[j] & mask;
      // move the entry at j into the gap unless its home lies cyclically in (gap, j]
      boolean homeBetween = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
      if (!homeBetween) {
        keys[gap] = keys[j];
        objects[gap] = objects[j];
        objects[j] = null;
        gap = j;
      }
      j = (j + 1) & mask;
    }
  }
}
