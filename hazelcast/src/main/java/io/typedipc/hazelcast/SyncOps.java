package io.typedipc.hazelcast;

import com.hazelcast.map.EntryProcessor;
import io.typedipc.internal.builtin.Status;
import java.io.Serializable;
import java.util.Map;

/**
 * The entry processors that change a {@link SyncState}. Each runs on the entry's owner and then,
 * the same operation, on its backup; each carries a nonce, and a state remembers the results of its
 * last operations, so an operation that Hazelcast runs again after a member died (it retries on the
 * new owner) returns its first result instead of acting twice.
 */
final class SyncOps {
  /** What an operation returns when there is no entry: the object is not in the cluster. */
  static final Long MISSING = Long.MIN_VALUE;

  private SyncOps() {}

  /** An operation on one kind of state. */
  abstract static class Op<S extends SyncState> implements EntryProcessor<String, SyncState, Object>, Serializable {
    private static final long serialVersionUID = 1L;
    private final long nonce;
    private final Class<S> type;

    Op(long nonce, Class<S> type) {
      this.nonce = nonce;
      this.type = type;
    }

    @Override
    public final Object process(Map.Entry<String, SyncState> entry) {
      SyncState state = entry.getValue();
      if (!type.isInstance(state)) {
        return MISSING;
      }
      Object done = state.recall(nonce);
      if (done != null) {
        return done;
      }
      Object result = apply(type.cast(state));
      state.remember(nonce, result);
      entry.setValue(state);
      return result;
    }

    abstract Object apply(S state);
  }

  static final class LockAcquire extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final long thread;

    LockAcquire(long nonce, String owner, long thread) {
      super(nonce, SyncState.Lock.class);
      this.owner = owner;
      this.thread = thread;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.acquire(owner, thread);
    }
  }

  static final class LockRelease extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final long thread;

    LockRelease(long nonce, String owner, long thread) {
      super(nonce, SyncState.Lock.class);
      this.owner = owner;
      this.thread = thread;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.release(owner, thread);
    }
  }

  static final class SemaphoreAcquire extends Op<SyncState.Semaphore> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final int permits;

    SemaphoreAcquire(long nonce, String owner, int permits) {
      super(nonce, SyncState.Semaphore.class);
      this.owner = owner;
      this.permits = permits;
    }

    @Override
    Object apply(SyncState.Semaphore s) {
      return s.acquire(owner, permits);
    }
  }

  static final class SemaphoreRelease extends Op<SyncState.Semaphore> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final int permits;

    SemaphoreRelease(long nonce, String owner, int permits) {
      super(nonce, SyncState.Semaphore.class);
      this.owner = owner;
      this.permits = permits;
    }

    @Override
    Object apply(SyncState.Semaphore s) {
      return s.release(owner, permits);
    }
  }

  static final class EventSet extends Op<SyncState.Event> {
    private static final long serialVersionUID = 1L;
    private final boolean set;

    EventSet(long nonce, boolean set) {
      super(nonce, SyncState.Event.class);
      this.set = set;
    }

    @Override
    Object apply(SyncState.Event s) {
      s.set = set;
      return Status.OK;
    }
  }

  static final class QueuePut extends Op<SyncState.Queue> {
    private static final long serialVersionUID = 1L;
    private final byte[] element;

    QueuePut(long nonce, byte[] element) {
      super(nonce, SyncState.Queue.class);
      this.element = element;
    }

    @Override
    Object apply(SyncState.Queue s) {
      if (s.full()) {
        return Status.NO;
      }
      s.items.addLast(element);
      return Status.OK;
    }
  }

  /** Takes the head: its bytes, or {@link Status#NO} if the queue is empty. */
  static final class QueueGet extends Op<SyncState.Queue> {
    private static final long serialVersionUID = 1L;

    QueueGet(long nonce) {
      super(nonce, SyncState.Queue.class);
    }

    @Override
    Object apply(SyncState.Queue s) {
      byte[] head = s.items.pollFirst();
      return head == null ? (Object) Status.NO : head;
    }
  }

  /** One client is gone: what it held comes back. */
  static final class OwnerGone extends Op<SyncState> {
    private static final long serialVersionUID = 1L;
    private final String owner;

    OwnerGone(long nonce, String owner) {
      super(nonce, SyncState.class);
      this.owner = owner;
    }

    @Override
    Object apply(SyncState s) {
      return s.ownerGone(owner);
    }
  }

  /** A member is gone: what the clients connected to it held comes back. Run on every entry; idempotent. */
  static final class MemberGone implements EntryProcessor<String, SyncState, Object>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String member;

    MemberGone(String member) {
      this.member = member;
    }

    @Override
    public Object process(Map.Entry<String, SyncState> entry) {
      SyncState state = entry.getValue();
      if (state != null && state.ownersGone(member + "/")) {
        entry.setValue(state);
        return Boolean.TRUE;
      }
      return null;
    }
  }
}
