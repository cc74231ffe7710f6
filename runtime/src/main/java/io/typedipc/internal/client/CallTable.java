package io.typedipc.internal.client;

import java.util.function.Consumer;

/**
 * A connection's pending calls by id, without boxing: an array in which a call's id picks its slot
 * ({@code id & mask}). The table chooses the ids itself, the next free one in sequence whose slot
 * is empty, so two pending calls never share a slot: adding, finding and removing are one array
 * access each, with no hashing and no probing on lookup. A reply whose id is not (or no longer)
 * in the table — a call that timed out — is not found.
 *
 * <p>The array doubles when half full (a pending call keeps its slot in the larger array, since
 * ids distinct modulo a power of two stay distinct modulo its double) and shrinks back when a
 * burst is over: once it has stayed less than an eighth full for a quarter of its capacity in adds
 * and removes, so a caller whose pending calls swing between a full window and few does not resize
 * the table on every swing. Not thread-safe: the connection guards it with its lock.
 */
final class CallTable {
  private static final int MIN_CAPACITY = 16;

  private PendingCall[] slots = new PendingCall[MIN_CAPACITY];
  private int mask = MIN_CAPACITY - 1;
  private int size;
  private long nextId = 1;
  /** Set when two pending calls would share a slot of the halved array: no retry until it grows again. */
  private boolean shrinkBlocked;
  /** Adds and removes in a row that found the table less than an eighth full. */
  private int lowOps;

  /** Gives {@code call} an id and adds it. */
  void add(PendingCall call) {
    if (size >= slots.length >> 1) {
      resize(slots.length << 1);
    }
    if (size < slots.length >> 3) {
      lowOps++;
    } else {
      lowOps = 0;
    }
    long id = nextId;
    while (slots[(int) id & mask] != null) {
      id++;
    }
    nextId = id + 1;
    call.id = id;
    slots[(int) id & mask] = call;
    size++;
  }

  /** Removes and returns the call with this id, or {@code null} if none is pending. */
  PendingCall remove(long id) {
    int i = (int) id & mask;
    PendingCall call = slots[i];
    if (call == null || call.id != id) {
      return null;
    }
    slots[i] = null;
    size--;
    if (size < slots.length >> 3 && slots.length > 1024 && !shrinkBlocked && ++lowOps > slots.length >> 2) {
      shrink();
    }
    return call;
  }

  /** The length of the array, for tests. */
  int capacity() {
    return slots.length;
  }

  /** The number of pending calls. */
  int size() {
    return size;
  }

  /** Calls {@code action} for each pending call; {@code action} must not change the table. */
  void forEach(Consumer<PendingCall> action) {
    for (PendingCall call : slots) {
      if (call != null) {
        action.accept(call);
      }
    }
  }

  /** Removes every call and gives each to {@code action}. */
  void clear(Consumer<PendingCall> action) {
    PendingCall[] old = slots;
    slots = new PendingCall[MIN_CAPACITY];
    mask = MIN_CAPACITY - 1;
    size = 0;
    for (PendingCall call : old) {
      if (call != null) {
        action.accept(call);
      }
    }
  }

  private void resize(int capacity) {
    PendingCall[] bigger = new PendingCall[capacity];
    int m = capacity - 1;
    for (PendingCall call : slots) {
      if (call != null) {
        bigger[(int) call.id & m] = call;
      }
    }
    slots = bigger;
    mask = m;
    shrinkBlocked = false;
    lowOps = 0;
  }

  /** Halves the array while the pending calls still fit without sharing a slot. */
  private void shrink() {
    int capacity = slots.length;
    while (capacity > 1024 && size < capacity >> 3) {
      int half = capacity >> 1;
      int m = half - 1;
      PendingCall[] smaller = new PendingCall[half];
      for (PendingCall call : slots) {
        if (call != null) {
          int i = (int) call.id & m;
          if (smaller[i] != null) {
            shrinkBlocked = true; // two long-pending calls would share a slot: stay at this size
            return;
          }
          smaller[i] = call;
        }
      }
      slots = smaller;
      mask = m;
      capacity = half;
      lowOps = 0;
    }
  }
}
