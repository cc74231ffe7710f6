package io.typedipc.internal.builtin;

import io.typedipc.EmptyException;
import io.typedipc.FullException;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The client side of {@link SharedQueue}. Obtain one from {@code ManagerClient.queue}. */
public class QueueFacade<E> implements SharedQueue<E>, BuiltinFacade {
  final String name;
  private final Class<E> type;
  private final QueueOps<E> wire;
  private final QueueOps<E> patient;

  /**
   * For {@code ManagerClient}.
   *
   * @param type the element class; what a get receives is checked against it
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  public QueueFacade(String name, Class<E> type, QueueOps<E> wire, QueueOps<E> patient) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.wire = Objects.requireNonNull(wire, "wire");
    this.patient = Objects.requireNonNull(patient, "patient");
  }

  /** A joinable queue's client side. Obtain one from {@code ManagerClient.joinableQueue}. */
  public static final class Joinable<E> extends QueueFacade<E> implements JoinableQueue<E> {
    private final JoinableQueueWire<E> joinWire;
    private final JoinableQueueWire<E> joinPatient;

    /** For {@code ManagerClient}; see {@link QueueFacade#QueueFacade}. */
    public Joinable(String name, Class<E> type, JoinableQueueWire<E> wire, JoinableQueueWire<E> patient) {
      super(name, type, wire, patient);
      this.joinWire = wire;
      this.joinPatient = patient;
    }

    @Override
    public void taskDone() {
      if (joinWire.taskDone() == Status.TOO_MANY) {
        throw new IllegalStateException("taskDone() called more times than there were elements put in queue '" + name + "'");
      }
    }

    private boolean join(long nanos) throws InterruptedException {
      Waiting.checkInterrupt();
      long ticket = Waiting.ticket();
      CompletableFuture<Long> f = (nanos == 0 ? joinWire : joinPatient).join(ticket, nanos);
      long status = Waiting.reply(f, () -> joinWire.cancel(ticket));
      InterruptedException interrupted = Waiting.interruptedBy(status);
      if (interrupted != null) {
        throw interrupted;
      }
      if (status == Status.CLOSED) {
        throw Waiting.closed("joining queue '" + name + "'");
      }
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
      return joinWire.unfinishedTasks();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object wireProxy() {
    return wire;
  }

  @Override
  public Class<?> elementType() {
    return type;
  }

  /** Puts; whether it did (false: stayed full). */
  private boolean put(E element, long nanos, boolean interruptible) throws InterruptedException {
    Objects.requireNonNull(element, "a queue element must not be null");
    if (!type.isInstance(element)) {
      throw new ClassCastException("queue '" + name + "' holds " + type.getName() + ", not " + element.getClass().getName());
    }
    if (interruptible) {
      Waiting.checkInterrupt();
    }
    long ticket = Waiting.ticket();
    CompletableFuture<Long> f = (nanos == 0 ? wire : patient).put(ticket, element, nanos);
    long status = Waiting.reply(f, interruptible ? () -> wire.cancel(ticket) : null);
    InterruptedException interrupted = Waiting.interruptedBy(status);
    if (interrupted != null) {
      throw interrupted;
    }
    if (status == Status.CLOSED) {
      throw Waiting.closed("putting into queue '" + name + "'");
    }
    return status == Status.OK;
  }

  /** Gets; the element or null (stayed empty). */
  private E get(long nanos, boolean interruptible) throws InterruptedException {
    if (interruptible) {
      Waiting.checkInterrupt();
    }
    long ticket = Waiting.ticket();
    CompletableFuture<Polled<E>> f = (nanos == 0 ? wire : patient).get(ticket, nanos);
    Polled<E> polled = Waiting.reply(f, interruptible ? () -> wire.cancel(ticket) : null);
    InterruptedException interrupted = Waiting.interruptedBy(polled.status());
    if (interrupted != null) {
      throw interrupted;
    }
    if (polled.status() == Status.CLOSED) {
      throw Waiting.closed("getting from queue '" + name + "'");
    }
    if (polled.status() != Status.OK) {
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
    try {
      return put(element, 0, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
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
    try {
      return get(0, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public E poll(Duration timeout) throws InterruptedException {
    return get(Waiting.nanos(timeout), true);
  }

  @Override
  public int size() {
    return wire.size();
  }

  @Override
  public boolean isEmpty() {
    return wire.size() == 0;
  }

  @Override
  public boolean isFull() {
    return wire.isFull();
  }

  @Override
  public int capacity() {
    return wire.capacity();
  }

  @Override
  public String toString() {
    return (this instanceof JoinableQueue ? "JoinableQueue[" : "SharedQueue[") + name + "]";
  }
}
