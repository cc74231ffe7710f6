package io.typedipc.hazelcast;

import com.hazelcast.map.EntryProcessor;
import io.typedipc.internal.builtin.Status;
import io.typedipc.internal.channel.ChannelService;
import io.typedipc.internal.channel.Delivery;
import java.io.Serializable;
import java.util.ArrayList;
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
      s.unfinished++;
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

  /**
   * A final status where {@link Status#NO} (0) is a result too (a timed-out condition wait that
   * reacquired, a barrier's last party): a wait's attempt answers {@code NO} only for "not yet".
   */
  record Done(long status) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static final class LockAwait extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final long thread;
    private final String waiter;
    private final String condition;

    LockAwait(long nonce, String owner, long thread, String waiter, String condition) {
      super(nonce, SyncState.Lock.class);
      this.owner = owner;
      this.thread = thread;
      this.waiter = waiter;
      this.condition = condition;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.await(owner, thread, waiter, condition);
    }
  }

  static final class LockReacquire extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String waiter;

    LockReacquire(long nonce, String waiter) {
      super(nonce, SyncState.Lock.class);
      this.waiter = waiter;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.reacquire(waiter);
    }
  }

  static final class LockGiveUp extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String waiter;
    private final long result;

    LockGiveUp(long nonce, String waiter, long result) {
      super(nonce, SyncState.Lock.class);
      this.waiter = waiter;
      this.result = result;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.giveUp(waiter, result);
    }
  }

  static final class LockSignal extends Op<SyncState.Lock> {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final long thread;
    private final String condition;
    private final int count;

    LockSignal(long nonce, String owner, long thread, String condition, int count) {
      super(nonce, SyncState.Lock.class);
      this.owner = owner;
      this.thread = thread;
      this.condition = condition;
      this.count = count;
    }

    @Override
    Object apply(SyncState.Lock s) {
      return s.signal(owner, thread, condition, count);
    }
  }

  static final class BarrierArrive extends Op<SyncState.Barrier> {
    private static final long serialVersionUID = 1L;
    private final String party;
    private final boolean action;
    private final boolean noWait;

    BarrierArrive(long nonce, String party, boolean action, boolean noWait) {
      super(nonce, SyncState.Barrier.class);
      this.party = party;
      this.action = action;
      this.noWait = noWait;
    }

    @Override
    Object apply(SyncState.Barrier s) {
      return s.arrive(party, action, noWait);
    }
  }

  static final class BarrierCheck extends Op<SyncState.Barrier> {
    private static final long serialVersionUID = 1L;
    private final String party;

    BarrierCheck(long nonce, String party) {
      super(nonce, SyncState.Barrier.class);
      this.party = party;
    }

    @Override
    Object apply(SyncState.Barrier s) {
      return s.check(party);
    }
  }

  static final class BarrierLeave extends Op<SyncState.Barrier> {
    private static final long serialVersionUID = 1L;
    private final String party;
    private final long status;

    BarrierLeave(long nonce, String party, long status) {
      super(nonce, SyncState.Barrier.class);
      this.party = party;
      this.status = status;
    }

    @Override
    Object apply(SyncState.Barrier s) {
      return s.leave(party, status);
    }
  }

  static final class BarrierTripped extends Op<SyncState.Barrier> {
    private static final long serialVersionUID = 1L;
    private final String party;
    private final boolean ok;

    BarrierTripped(long nonce, String party, boolean ok) {
      super(nonce, SyncState.Barrier.class);
      this.party = party;
      this.ok = ok;
    }

    @Override
    Object apply(SyncState.Barrier s) {
      return s.tripped(party, ok);
    }
  }

  /** Breaks the barrier; with {@code reset}, makes it usable again after. */
  static final class BarrierBreak extends Op<SyncState.Barrier> {
    private static final long serialVersionUID = 1L;
    private final boolean reset;

    BarrierBreak(long nonce, boolean reset) {
      super(nonce, SyncState.Barrier.class);
      this.reset = reset;
    }

    @Override
    Object apply(SyncState.Barrier s) {
      s.breakBarrier();
      if (reset) {
        s.broken = false;
      }
      return Status.OK;
    }
  }

  static final class QueueTaskDone extends Op<SyncState.Queue> {
    private static final long serialVersionUID = 1L;

    QueueTaskDone(long nonce) {
      super(nonce, SyncState.Queue.class);
    }

    @Override
    Object apply(SyncState.Queue s) {
      if (s.unfinished == 0) {
        return Status.TOO_MANY;
      }
      s.unfinished--;
      return Status.OK;
    }
  }

  /** A channel's delivery to one consumer (see the runtime's {@code Delivery}). */
  record Taken(int status, long id, int count, byte[] batch) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static final byte[] NONE = new byte[0];

  static final class ChannelReserve extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String producer;
    private final String owner;
    private final int want;

    ChannelReserve(long nonce, String producer, String owner, int want) {
      super(nonce, SyncState.Channel.class);
      this.producer = producer;
      this.owner = owner;
      this.want = want;
    }

    @Override
    Object apply(SyncState.Channel s) {
      if (s.closed) {
        return ChannelService.CLOSED;
      }
      if (s.free() <= 0) {
        return Status.NO;
      }
      int granted = Math.min(Math.max(1, want), s.free());
      s.credits.merge(producer, granted, Integer::sum);
      s.producerOwners.put(producer, owner);
      s.reserved += granted;
      return granted;
    }
  }

  /** Enqueues messages into reserved places: whether the channel is closed, or an error message. */
  static final class ChannelPut extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String producer;
    private final byte[][] messages;
    private final int release;

    ChannelPut(long nonce, String producer, byte[][] messages, int release) {
      super(nonce, SyncState.Channel.class);
      this.producer = producer;
      this.messages = messages;
      this.release = release;
    }

    @Override
    Object apply(SyncState.Channel s) {
      int held = s.credits.getOrDefault(producer, 0);
      int count = messages.length;
      if (release < 0 || count + release > held) {
        return "producer " + producer + " put " + count + " and released " + release + " places but holds " + held;
      }
      for (byte[] m : messages) {
        s.queue.addLast(m);
      }
      int left = held - count - release;
      if (left == 0) {
        s.credits.remove(producer);
        s.producerOwners.remove(producer);
      } else {
        s.credits.put(producer, left);
      }
      s.reserved -= count + release;
      return s.closed;
    }
  }

  static final class ChannelTake extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String consumer;
    private final String owner;
    private final long ackUpTo;
    private final int max;
    private final int maxBytes;

    ChannelTake(long nonce, String consumer, String owner, long ackUpTo, int max, int maxBytes) {
      super(nonce, SyncState.Channel.class);
      this.consumer = consumer;
      this.owner = owner;
      this.ackUpTo = ackUpTo;
      this.max = Math.max(1, max);
      this.maxBytes = maxBytes;
    }

    @Override
    Object apply(SyncState.Channel s) {
      SyncState.ChannelConsumer c = s.consumers.get(consumer);
      if (c == null) {
        if (s.detached.containsKey(consumer)) {
          return new Taken(Delivery.CANCELLED, 0, 0, NONE);
        }
        c = new SyncState.ChannelConsumer(consumer, owner);
        s.consumers.put(consumer, c);
      }
      s.acknowledge(c, ackUpTo);
      if (c.cancelled) {
        return new Taken(Delivery.CANCELLED, 0, 0, NONE);
      }
      if (!s.queue.isEmpty()) {
        ArrayList<byte[]> taken = new ArrayList<>();
        int bytes = 0;
        while (!s.queue.isEmpty() && taken.size() < max) {
          byte[] next = s.queue.peekFirst();
          if (!taken.isEmpty() && bytes + next.length > maxBytes) {
            break;
          }
          taken.add(s.queue.pollFirst());
          bytes += next.length;
        }
        byte[] batch = new byte[bytes];
        int at = 0;
        for (byte[] m : taken) {
          System.arraycopy(m, 0, batch, at, m.length);
          at += m.length;
        }
        s.inFlight += taken.size();
        long id = ++c.lastDelivery;
        c.unacked.put(id, taken);
        return new Taken(Delivery.MESSAGES, id, taken.size(), batch);
      }
      if (s.drained()) {
        return new Taken(Delivery.END, 0, 0, NONE);
      }
      return Status.NO;
    }
  }

  static final class ChannelAck extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String consumer;
    private final long ackUpTo;

    ChannelAck(long nonce, String consumer, long ackUpTo) {
      super(nonce, SyncState.Channel.class);
      this.consumer = consumer;
      this.ackUpTo = ackUpTo;
    }

    @Override
    Object apply(SyncState.Channel s) {
      SyncState.ChannelConsumer c = s.consumers.get(consumer);
      if (c != null) {
        s.acknowledge(c, ackUpTo);
      }
      return Boolean.TRUE;
    }
  }

  /** Ends a consumer: acknowledges, then puts the rest of what it holds back at the head. */
  static final class ChannelDetach extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String consumer;
    private final long ackUpTo;
    private final long partial;
    private final int handled;

    ChannelDetach(long nonce, String consumer, long ackUpTo, long partial, int handled) {
      super(nonce, SyncState.Channel.class);
      this.consumer = consumer;
      this.ackUpTo = ackUpTo;
      this.partial = partial;
      this.handled = handled;
    }

    @Override
    Object apply(SyncState.Channel s) {
      SyncState.ChannelConsumer c = s.consumers.get(consumer);
      if (c == null) {
        return Boolean.FALSE;
      }
      s.acknowledge(c, ackUpTo);
      ArrayList<byte[]> p = partial > 0 ? c.unacked.get(partial) : null;
      if (p != null && handled > 0) {
        int n = Math.min(handled, p.size());
        p.subList(0, n).clear();
        s.inFlight -= n;
        if (p.isEmpty()) {
          c.unacked.remove(partial);
        }
      }
      s.detach(c);
      s.detached.put(c.id, c.owner);
      return Boolean.TRUE;
    }
  }

  static final class ChannelCancel extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;
    private final String consumer;

    ChannelCancel(long nonce, String consumer) {
      super(nonce, SyncState.Channel.class);
      this.consumer = consumer;
    }

    @Override
    Object apply(SyncState.Channel s) {
      SyncState.ChannelConsumer c = s.consumers.get(consumer);
      if (c != null) {
        c.cancelled = true;
      }
      return Boolean.TRUE;
    }
  }

  static final class ChannelClose extends Op<SyncState.Channel> {
    private static final long serialVersionUID = 1L;

    ChannelClose(long nonce) {
      super(nonce, SyncState.Channel.class);
    }

    @Override
    Object apply(SyncState.Channel s) {
      s.closed = true;
      return Boolean.TRUE;
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
