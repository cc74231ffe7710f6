package io.typedipc.internal.builtin;

import io.typedipc.EmptyException;
import io.typedipc.FullException;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedQueue;
import java.time.Duration;
import java.util.Objects;

/** The client side of {@link SharedQueue}. Obtain one from {@code ManagerClient.queue}. */
public class QueueFacade<E> extends BuiltinFacade<QueueOps<E>> implements SharedQueue<E> {
  private final Class<E> type;

  /**
   * For {@link BuiltinKinds#QUEUE}.
   *
   * @param type the element class; what a get receives is checked against it
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  QueueFacade(BuiltinKind kind, String name, Class<E> type, QueueOps<E> wire, QueueOps<E> patient) {
    super(kind, name, wire, patient, QueueOps::cancel);
    this.type = Objects.requireNonNull(type, "type");
  }

  /** A joinable queue's client side. Obtain one from {@code ManagerClient.joinableQueue}. */
  public static final class Joinable<E> extends QueueFacade<E> implements JoinableQueue<E> {
    private final Proxies<JoinableQueueWire<E>> joinProxies;

    /** For {@link BuiltinKinds#JOINABLE_QUEUE}; see {@link QueueFacade#QueueFacade}. */
    Joinable(BuiltinKind kind, String name, Class<E> type, JoinableQueueWire<E> wire, JoinableQueueWire<E> patient) {
      super(kind, name, type, wire, patient);
      this.joinProxies = new Proxies<>(wire, patient, JoinableQueueWire::cancel);
    }

    @Override
    public void taskDone() {
      if (joinProxies.wire.taskDone() == Status.TOO_MANY) {
        throw new IllegalStateException("taskDone() called more times than there were elements put in queue '" + name + "'");
      }
    }

    private boolean join(long nanos) throws InterruptedException {
      long status = joinProxies.status(nanos, true,
          (queue, ticket) -> queue.join(ticket, nanos), () -> "joining queue '" + name + "'");
      return status == Status.OK;
    }

    @Override
    public void join() throws InterruptedException {
      join(Waiting.FOREVER);
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
      return join(Waiting.nanos(timeout));
    }

    @Override
    public long unfinishedTasks() {
      return joinProxies.wire.unfinishedTasks();
    }
  }

  /** The element class; {@code Object} for a queue that arrived inside a value. */
  @Override
  public Object detail() {
    return type;
  }

  /** Puts; whether it did (false: stayed full). */
  private boolean put(E element, long nanos, boolean interruptible) throws InterruptedException {
    Objects.requireNonNull(element, "a queue element must not be null");
    if (!type.isInstance(element)) {
      throw new ClassCastException("queue '" + name + "' holds " + type.getName() + ", not " + element.getClass().getName());
    }
    long status = proxies.status(nanos, interruptible,
        (queue, ticket) -> queue.put(ticket, element, nanos), () -> "putting into queue '" + name + "'");
    return status == Status.OK;
  }

  /** Gets; the element or null (stayed empty). */
  private E get(long nanos, boolean interruptible) throws InterruptedException {
    Polled<E> polled = proxies.park(proxies.forWait(nanos), interruptible, (queue, ticket) -> queue.get(ticket, nanos));
    if (Waiting.check(polled.status(), () -> "getting from queue '" + name + "'") != Status.OK) {
      return null;
    }
    Object value = polled.value();
    if (!type.isInstance(value)) {
      throw new ClassCastException("queue '" + name + "' held a " + value.getClass().getName() + ", not a " + type.getName()
          + " (another client put it there); the element is taken");
    }
    return type.cast(value);
  }

  private FullException full(Duration timeout) {
    return new FullException("queue '" + name + "' is full" + (timeout == null ? "" : " and stayed full for " + timeout));
  }

  private EmptyException empty(Duration timeout) {
    return new EmptyException("queue '" + name + "' is empty" + (timeout == null ? "" : " and stayed empty for " + timeout));
  }

  @Override
  public void put(E element) throws InterruptedException {
    put(element, Waiting.FOREVER, true);
  }

  @Override
  public void put(E element, Duration timeout) throws InterruptedException {
    if (!put(element, Waiting.nanos(timeout), true)) {
      throw full(timeout);
    }
  }

  @Override
  public void putNowait(E element) {
    if (!offer(element)) {
      throw full(null);
    }
  }

  @Override
  public boolean offer(E element) {
    return Waiting.uninterruptibly(() -> put(element, 0, false));
  }

  @Override
  public boolean offer(E element, Duration timeout) throws InterruptedException {
    return put(element, Waiting.nanos(timeout), true);
  }

  @Override
  public E get() throws InterruptedException {
    return get(Waiting.FOREVER, true);
  }

  @Override
  public E get(Duration timeout) throws InterruptedException {
    E e = get(Waiting.nanos(timeout), true);
    if (e == null) {
      throw empty(timeout);
    }
    return e;
  }

  @Override
  public E getNowait() {
    E e = poll();
    if (e == null) {
      throw empty(null);
    }
    return e;
  }

  @Override
  public E poll() {
    return Waiting.uninterruptibly(() -> get(0, false));
  }

  @Override
  public E poll(Duration timeout) throws InterruptedException {
    return get(Waiting.nanos(timeout), true);
  }

  @Override
  public int size() {
    return proxies.wire.size();
  }

  @Override
  public boolean isEmpty() {
    return proxies.wire.size() == 0;
  }

  @Override
  public boolean isFull() {
    return proxies.wire.isFull();
  }

  @Override
  public int capacity() {
    return proxies.wire.capacity();
  }
}
