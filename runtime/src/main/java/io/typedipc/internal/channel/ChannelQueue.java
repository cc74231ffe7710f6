package io.typedipc.internal.channel;

import io.typedipc.Caller;
import io.typedipc.internal.server.CurrentCaller;
import io.typedipc.internal.server.WithdrawsWaits;
import io.typedipc.spi.InterfaceDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One bounded channel in the Manager: a FIFO of opaque messages with reservations for producers
 * and acknowledgements from consumers.
 *
 * <p>Accounting, in messages: {@code queued + inFlight + reserved <= capacity}, where {@code
 * inFlight} are messages delivered and not yet acknowledged (kept for redelivery) and {@code
 * reserved} the places producers reserved for messages on their way. Memory is therefore bounded
 * by the capacity times the largest message, whatever the clients do.
 *
 * <p>Delivery: each message goes to one consumer; it is dropped only when that consumer
 * acknowledges it. The unacknowledged messages of a consumer that detaches (its handler threw, or
 * it stopped) or whose client disconnects (closed, killed, network lost) go back to the head of
 * the queue, in their order, for the next consumer.
 *
 * <p>Hosted with concurrent dispatch; one lock guards the state, and futures are completed outside
 * it, so a reply's write never holds up another client's call. Waits are parked futures with a
 * timer, never threads, and each is bounded by {@link #MAX_WAIT_MILLIS} so the Manager's graceful
 * close never waits long for them; the client runtime waits again as long as its user asked.
 */
public final class ChannelQueue implements ChannelService, WithdrawsWaits {
  /** The longest a single reserve or take parks in the Manager. */
  public static final long MAX_WAIT_MILLIS = 1000;
  /** The longest producer or consumer id a client may name (the runtime's are about 40 characters). */
  static final int MAX_ID_LENGTH = 256;
  /**
   * The most producers holding or waiting for places, and the most consumers, one client may
   * have on one channel at once (the runtime makes one per producer, receiver or subscription).
   */
  static final int MAX_IDS_PER_CLIENT = 10_000;
  /** How many of a client's detached consumer ids a channel remembers (see {@link #detachedOf}). */
  static final int DETACHED_REMEMBERED = 1024;

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final String name;
  /** The binary name of the {@code @Channel} interface the messages are calls of. */
  private final String messageType;
  private final String fingerprint;
  private final int capacity;

  private final ArrayDeque<Segment> queue = new ArrayDeque<>();
  private int queued;
  private int inFlight;
  private int reserved;
  private boolean closed;
  private final Map<String, Integer> credits = new HashMap<>();
  private final Map<String, Consumer> consumers = new HashMap<>();
  /**
   * Parked reservations and takes, in arrival order; a linked set, so that one that expires leaves
   * in constant time (a client may park thousands).
   */
  private final LinkedHashSet<ReserveWait> reserveWaits = new LinkedHashSet<>();
  private final LinkedHashSet<TakeWait> takeWaits = new LinkedHashSet<>();
  /** How many parked reservations each producer has: one that has none and holds no places is forgotten. */
  private final Map<String, Integer> reservationsWaiting = new HashMap<>();
  /**
   * Each client's producers that hold places or wait for them (a producer that holds none is
   * forgotten: a long-lived client's closed producers must not pile up here).
   */
  private final Map<String, Set<String>> producersOf = new HashMap<>();
  /** Each client's consumers (until they detach). */
  private final Map<String, Set<String>> consumersOf = new HashMap<>();
  private final Set<String> watched = new HashSet<>();
  /**
   * Each client's consumer ids that detached, its latest {@value #DETACHED_REMEMBERED}: a take with
   * one of them that was already on its way when the consumer detached is answered CANCELLED,
   * instead of creating a consumer nobody reads from, which would hold its messages until the
   * client leaves. Such a take follows its detach closely; older ids are forgotten.
   */
  private final Map<String, LinkedHashSet<String>> detachedOf = new HashMap<>();

  /** A channel of {@code messages} holding at most {@code capacity} messages. */
  public ChannelQueue(String name, InterfaceDescriptor messages, int capacity) {
    this(name, messages.name(), messages.fingerprint(), capacity);
  }

  /**
   * A channel of messages of the {@code @Channel} interface named {@code messageType}, whose
   * fingerprint producers and consumers must match. The Manager never decodes messages, so it need
   * not have the interface itself.
   */
  public ChannelQueue(String name, String messageType, String fingerprint, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a channel needs a capacity of at least 1, not " + capacity);
    }
    this.name = name;
    this.messageType = messageType;
    this.fingerprint = fingerprint;
    this.capacity = capacity;
  }

  /** The binary name of the interface the messages are calls of. */
  public String messageType() {
    return messageType;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "typedipc-channel-timer");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  // ------------------------------------------------------------------ state

  /** Messages of one batch, {@code data[from, to)}, {@code count} of them. */
  private static final class Segment {
    final byte[] data;
    int from;
    final int to;
    int count;

    Segment(byte[] data, int from, int to, int count) {
      this.data = data;
      this.from = from;
      this.to = to;
      this.count = count;
    }

    /** Splits off the first {@code n} (< count) messages as a new segment. */
    Segment takeFirst(int n) {
      int cut = from;
      for (int i = 0; i < n; i++) {
        cut = MessageCodec.skip(data, cut);
      }
      return takeFirst(n, cut);
    }

    /** Splits off the first {@code n} (< count) messages, which end at {@code cut}, as a new segment. */
    Segment takeFirst(int n, int cut) {
      Segment head = new Segment(data, from, cut, n);
      from = cut;
      count -= n;
      return head;
    }
  }

  /** An unacknowledged delivery: its messages, and the connection whose take it answered. */
  private record Held(List<Segment> segments, int count, Object connection) {}

  private static final class Consumer {
    final String id;
    final LinkedHashMap<Long, Held> unacked = new LinkedHashMap<>();
    long lastDelivery;
    boolean cancelled;

    Consumer(String id) {
      this.id = id;
    }
  }

  private record ReserveWait(String producer, String caller, int want, CompletableFuture<Integer> future, ScheduledFuture<?>[] timer,
      Object connection) {}

  private record TakeWait(Consumer consumer, int max, int maxBytes, CompletableFuture<Delivery> future, ScheduledFuture<?>[] timer,
      Object connection) {}

  private int free() {
    return capacity - queued - inFlight - reserved;
  }

  // ------------------------------------------------------------------ producers

  @Override
  public CompletableFuture<Integer> reserve(String producerId, int want, long waitMillis) {
    checkId(producerId, "producer");
    String caller = watchCaller();
    CompletableFuture<Integer> future = new CompletableFuture<>();
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      if (callerDeparted()) {
        future.complete(CLOSED); // nobody will read it, and nothing would ever give the places back
        return future;
      }
      if (closed) {
        future.complete(CLOSED);
      } else if (reserveWaits.isEmpty() && free() > 0) {
        addId(producersOf, caller, producerId, "producers");
        future.complete(grant(producerId, want));
      } else if (waitMillis <= 0) {
        future.complete(0);
      } else {
        addId(producersOf, caller, producerId, "producers");
        ReserveWait w = new ReserveWait(producerId, caller, Math.max(1, want), future, new ScheduledFuture<?>[1],
            CurrentCaller.connection());
        reserveWaits.add(w);
        reservationsWaiting.merge(producerId, 1, Integer::sum);
        w.timer()[0] = TIMER.schedule(() -> expire(w), Math.min(waitMillis, MAX_WAIT_MILLIS), TimeUnit.MILLISECONDS);
      }
      pump(done);
    }
    run(done);
    return future;
  }

  private int grant(String producer, int want) {
    int granted = Math.min(Math.max(1, want), free());
    credits.merge(producer, granted, Integer::sum);
    reserved += granted;
    return granted;
  }

  private void expire(ReserveWait w) {
    boolean removed;
    synchronized (this) {
      removed = reserveWaits.remove(w);
      if (removed) {
        unpark(w);
        forgetProducerIfIdle(w.caller(), w.producer());
      }
    }
    if (removed) {
      w.future().complete(0);
    }
  }

  @Override
  public boolean put(String producerId, byte[] batch, int length, int count, int release) {
    MessageCodec.checkBatch(batch, length, count); // one client's bad bytes must not reach other consumers
    if (count > 0 && batch.length - length > unusedRoom(length)) {
      batch = Arrays.copyOf(batch, length); // kept until consumed: not with much room it does not use
    }
    List<Runnable> done = new ArrayList<>();
    boolean isClosed;
    synchronized (this) {
      int held = credits.getOrDefault(producerId, 0);
      if (count < 0 || release < 0 || count + release > held) {
        throw new IllegalStateException("producer " + producerId + " put " + count + " and released " + release
            + " places on channel '" + name + "' but holds " + held);
      }
      if (count > 0) {
        queue.add(new Segment(batch, 0, length, count));
        queued += count;
      }
      int left = held - count - release;
      if (left == 0) {
        credits.remove(producerId);
        Caller caller = CurrentCaller.get();
        forgetProducerIfIdle(caller == null ? null : caller.id(), producerId);
      } else {
        credits.put(producerId, left);
      }
      reserved -= count + release;
      pump(done);
      isClosed = closed;
    }
    run(done);
    return isClosed;
  }

  /**
   * The most unused bytes a kept batch of {@code length} bytes may carry after its messages: a
   * producer's batch buffer has a little room left when it is sealed (see {@link #put}).
   */
  static int unusedRoom(int length) {
    return Math.max(4096, length >>> 3);
  }

  // ------------------------------------------------------------------ consumers

  @Override
  public CompletableFuture<Delivery> take(String consumerId, long ackUpTo, int max, int maxBytes, long waitMillis) {
    checkId(consumerId, "consumer");
    String caller = watchCaller();
    CompletableFuture<Delivery> future = new CompletableFuture<>();
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      if (callerDeparted()) {
        future.complete(Delivery.of(Delivery.CANCELLED)); // nothing would ever requeue what it took
        return future;
      }
      Consumer c = consumer(consumerId, caller);
      acknowledge(c, ackUpTo);
      if (c.cancelled) {
        future.complete(Delivery.of(Delivery.CANCELLED));
      } else if (queued > 0) {
        future.complete(deliver(c, Math.max(1, max), maxBytes, CurrentCaller.connection()));
      } else if (drained()) {
        future.complete(Delivery.of(Delivery.END));
      } else if (waitMillis <= 0) {
        future.complete(Delivery.of(Delivery.EMPTY));
      } else {
        TakeWait w = new TakeWait(c, Math.max(1, max), maxBytes, future, new ScheduledFuture<?>[1],
            CurrentCaller.connection());
        takeWaits.add(w);
        w.timer()[0] = TIMER.schedule(() -> expire(w), Math.min(waitMillis, MAX_WAIT_MILLIS), TimeUnit.MILLISECONDS);
      }
      pump(done);
    }
    run(done);
    return future;
  }

  private void expire(TakeWait w) {
    boolean removed;
    synchronized (this) {
      removed = takeWaits.remove(w);
    }
    if (removed) {
      w.future().complete(Delivery.of(Delivery.EMPTY));
    }
  }

  private Consumer consumer(String id, String caller) {
    Consumer c = consumers.get(id);
    Set<String> detached = detachedOf.get(caller);
    if (c == null && detached != null && detached.contains(id)) {
      Consumer gone = new Consumer(id); // never registered: holds nothing, gets nothing
      gone.cancelled = true;
      return gone;
    }
    if (c == null) {
      addId(consumersOf, caller, id, "consumers");
      c = new Consumer(id);
      consumers.put(id, c);
    }
    return c;
  }

  /**
   * Refuses a producer or consumer id no runtime would make ({@code what}: "producer" or
   * "consumer"): ids are kept while their client stays, so their length is bounded.
   */
  public static void checkId(String id, String what) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("a " + what + " id must have 1 to " + MAX_ID_LENGTH + " characters");
    }
  }

  /** Adds {@code id} to {@code caller}'s ids in {@code byCaller}, refusing one beyond {@link #MAX_IDS_PER_CLIENT}. */
  private void addId(Map<String, Set<String>> byCaller, String caller, String id, String what) {
    if (caller == null) {
      return; // the Manager's own: it never goes away
    }
    Set<String> ids = byCaller.computeIfAbsent(caller, k -> new HashSet<>());
    if (!ids.contains(id) && ids.size() >= MAX_IDS_PER_CLIENT) {
      throw new IllegalStateException("a client may have at most " + MAX_IDS_PER_CLIENT + " " + what
          + " on channel '" + name + "' at once");
    }
    ids.add(id);
  }

  /** Forgets a producer that holds no places and waits for none (its client may make many over its life). */
  private void forgetProducerIfIdle(String caller, String producerId) {
    if (caller == null || credits.containsKey(producerId) || reservationsWaiting.containsKey(producerId)) {
      return;
    }
    Set<String> ids = producersOf.get(caller);
    if (ids != null && ids.remove(producerId) && ids.isEmpty()) {
      producersOf.remove(caller);
    }
  }

  private boolean drained() {
    return closed && queued == 0 && inFlight == 0 && reserved == 0;
  }

  /**
   * Takes up to {@code max} messages of at most {@code maxBytes} together (at least one) for {@code
   * c}. Whole segments (a producer's put each) are taken while they fit; a segment is split only
   * when it is the first and alone exceeds the limits, so a delivery is usually one whole put,
   * handed on without walking its messages or copying it.
   */
  private Delivery deliver(Consumer c, int max, int maxBytes, Object connection) {
    List<Segment> segments = new ArrayList<>(2);
    int bytes = 0;
    int n = 0;
    int left = Math.min(max, queued);
    while (left > 0 && !queue.isEmpty()) {
      Segment head = queue.peekFirst();
      int size = head.to - head.from;
      Segment part;
      if (head.count <= left && (n == 0 ? size <= maxBytes : bytes + size <= maxBytes)) {
        part = queue.pollFirst();
      } else if (n > 0) {
        break; // not split to fill up: the next delivery takes it whole
      } else {
        long fit = fitting(head, Math.min(left, head.count), maxBytes);
        int count = (int) (fit >>> 32);
        part = count == head.count ? queue.pollFirst() : head.takeFirst(count, (int) fit);
      }
      segments.add(part);
      bytes += part.to - part.from;
      n += part.count;
      left -= part.count;
    }
    byte[] data;
    int length = bytes;
    Segment first = segments.get(0);
    if (segments.size() == 1 && first.from == 0 && first.data.length - first.to <= unusedRoom(first.to)) {
      data = first.data; // as it was put, with the little unused room it may have at its end
    } else if (segments.size() == 1) {
      data = Arrays.copyOfRange(first.data, first.from, first.to);
    } else {
      data = new byte[bytes];
      int at = 0;
      for (Segment s : segments) {
        System.arraycopy(s.data, s.from, data, at, s.to - s.from);
        at += s.to - s.from;
      }
    }
    queued -= n;
    inFlight += n;
    long id = ++c.lastDelivery;
    c.unacked.put(id, new Held(segments, n, connection));
    return new Delivery(Delivery.MESSAGES, id, n, data, length);
  }

  /**
   * How many of the first {@code max} messages of {@code s} fit in {@code room} bytes (at least
   * one), in the high 32 bits, and the offset where they end, in the low 32.
   */
  private static long fitting(Segment s, int max, int room) {
    int at = s.from;
    int n = 0;
    while (n < max) {
      int next = MessageCodec.skip(s.data, at);
      if (next - s.from > room && n > 0) {
        break;
      }
      at = next;
      n++;
    }
    return (long) n << 32 | at;
  }

  private void acknowledge(Consumer c, long ackUpTo) {
    Iterator<Map.Entry<Long, Held>> it = c.unacked.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Held> e = it.next();
      if (e.getKey() > ackUpTo) {
        return;
      }
      inFlight -= e.getValue().count();
      it.remove();
    }
  }

  @Override
  public CompletableFuture<Boolean> ack(String consumerId, long ackUpTo) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      Consumer c = consumers.get(consumerId);
      if (c != null) {
        acknowledge(c, ackUpTo);
      }
      pump(done);
    }
    run(done);
    return CompletableFuture.completedFuture(Boolean.TRUE);
  }

  @Override
  public void detach(String consumerId, long ackUpTo, long partial, int handled) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      Consumer c = consumers.get(consumerId);
      if (c != null) {
        acknowledge(c, ackUpTo);
        Held p = partial > 0 ? c.unacked.get(partial) : null;
        if (p != null && handled > 0) {
          dropFirst(c, partial, p, Math.min(handled, p.count()));
        }
        detachLocked(c, done);
        Caller caller = CurrentCaller.get();
        if (caller != null) {
          detachedBy(caller.id(), c.id);
        }
      }
      pump(done);
    }
    run(done);
  }

  /** A consumer of {@code caller} detached: it is no longer the client's, and a late take with its id is refused. */
  private void detachedBy(String caller, String id) {
    Set<String> ids = consumersOf.get(caller);
    if (ids != null && ids.remove(id) && ids.isEmpty()) {
      consumersOf.remove(caller);
    }
    LinkedHashSet<String> detached = detachedOf.computeIfAbsent(caller, k -> new LinkedHashSet<>());
    detached.add(id);
    if (detached.size() > DETACHED_REMEMBERED) {
      first(detached); // the oldest
    }
  }

  /** Acknowledges the first {@code n} messages of one delivery. */
  private void dropFirst(Consumer c, long id, Held held, int n) {
    List<Segment> rest = new ArrayList<>();
    int left = n;
    for (Segment s : held.segments()) {
      if (left == 0) {
        rest.add(s);
      } else if (s.count <= left) {
        left -= s.count;
      } else {
        s.takeFirst(left);
        left = 0;
        rest.add(s);
      }
    }
    inFlight -= n;
    if (rest.isEmpty()) {
      c.unacked.remove(id);
    } else {
      c.unacked.put(id, new Held(rest, held.count() - n, held.connection()));
    }
  }

  /** Puts everything the consumer holds back at the head of the queue, in order, and forgets it. */
  private void detachLocked(Consumer c, List<Runnable> done) {
    requeue(c.unacked.values());
    c.unacked.clear();
    c.cancelled = true;
    consumers.remove(c.id);
    cancelWaits(c, done);
  }

  private void cancelWaits(Consumer c, List<Runnable> done) {
    endTakes(w -> w.consumer() == c, Delivery.CANCELLED, done);
  }

  /** Ends the parked takes {@code which} selects, each with a delivery of {@code status} and no message. */
  private void endTakes(Predicate<TakeWait> which, int status, List<Runnable> done) {
    takeWaits.removeIf(w -> {
      if (!which.test(w)) {
        return false;
      }
      w.timer()[0].cancel(false);
      done.add(() -> w.future().complete(Delivery.of(status)));
      return true;
    });
  }

  /** Ends the parked reservations {@code which} selects, each with no place. */
  private void endReservations(Predicate<ReserveWait> which, List<Runnable> done) {
    reserveWaits.removeIf(w -> {
      if (!which.test(w)) {
        return false;
      }
      unpark(w);
      w.timer()[0].cancel(false);
      done.add(() -> w.future().complete(0));
      return true;
    });
  }

  /** Puts {@code held} deliveries back at the head of the queue, in their order; the caller forgets them. */
  private void requeue(Collection<Held> held) {
    List<Segment> back = new ArrayList<>();
    for (Held h : held) {
      back.addAll(h.segments());
      inFlight -= h.count();
      queued += h.count();
    }
    for (int i = back.size() - 1; i >= 0; i--) {
      queue.addFirst(back.get(i));
    }
  }

  @Override
  public CompletableFuture<Boolean> cancel(String consumerId) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      Consumer c = consumers.get(consumerId);
      if (c != null) {
        c.cancelled = true;
        cancelWaits(c, done);
      }
    }
    run(done);
    return CompletableFuture.completedFuture(Boolean.TRUE);
  }

  /**
   * Takes and reservations parked by a connection that ended: they leave the queue of waits, so no
   * message is delivered to a take nobody will read (its messages would stay unacknowledged while
   * the client's other connections keep its session) and no place is reserved for a producer that
   * was told its connection was lost. The deliveries that answered its takes and are not
   * acknowledged come back to the queue.
   */
  @Override
  public void withdraw(Object connection) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      endTakes(w -> w.connection() == connection, Delivery.EMPTY, done);
      endReservations(w -> w.connection() == connection, done);
      requeueDeliveredThrough(connection);
      pump(done); // a reservation behind a withdrawn one may be served now, a take get what came back
    }
    run(done);
  }

  /**
   * Puts the unacknowledged deliveries that answered takes of {@code connection} back at the head
   * of the queue, in order: their consumer may never have read them, and its next acknowledgement,
   * through another connection, would count them as consumed. One it did read comes again (at
   * least once, as when a consumer fails).
   */
  private void requeueDeliveredThrough(Object connection) {
    List<Held> back = new ArrayList<>();
    for (Consumer c : consumers.values()) {
      for (Iterator<Held> it = c.unacked.values().iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (h.connection() == connection) {
          back.add(h);
          it.remove();
        }
      }
    }
    requeue(back);
  }

  // ------------------------------------------------------------------ the rest

  @Override
  public synchronized ChannelState state() {
    return new ChannelState(messageType, fingerprint, capacity, queued, inFlight, reserved, closed);
  }

  @Override
  public void close() {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      closed = true;
      pump(done);
    }
    run(done);
  }

  /** Serves waiting takes and reservations as far as the state allows; completions go to {@code done}. */
  private void pump(List<Runnable> done) {
    while (queued > 0 && !takeWaits.isEmpty()) {
      TakeWait w = first(takeWaits);
      w.timer()[0].cancel(false);
      Delivery d = w.consumer().cancelled ? Delivery.of(Delivery.CANCELLED) : deliver(w.consumer(), w.max(), w.maxBytes(), w.connection());
      done.add(() -> w.future().complete(d));
    }
    if (drained()) {
      while (!takeWaits.isEmpty()) {
        TakeWait w = first(takeWaits);
        w.timer()[0].cancel(false);
        done.add(() -> w.future().complete(Delivery.of(Delivery.END)));
      }
    }
    while (!reserveWaits.isEmpty() && (closed || free() > 0)) {
      ReserveWait w = first(reserveWaits);
      unpark(w);
      w.timer()[0].cancel(false);
      int granted = closed ? CLOSED : grant(w.producer(), w.want());
      done.add(() -> w.future().complete(granted));
    }
  }

  /** A parked reservation leaves the line. */
  private void unpark(ReserveWait w) {
    reservationsWaiting.computeIfPresent(w.producer(), (id, n) -> n == 1 ? null : n - 1);
  }

  /** Removes and returns the first of {@code waits}, which is not empty. */
  private static <W> W first(LinkedHashSet<W> waits) {
    Iterator<W> it = waits.iterator();
    W w = it.next();
    it.remove();
    return w;
  }

  private static void run(List<Runnable> done) {
    for (Runnable r : done) {
      r.run();
    }
  }

  /** Registers, once per client, what happens when it goes away; returns its id (null outside a call). */
  private String watchCaller() {
    Caller caller = CurrentCaller.get();
    if (caller == null) {
      return null;
    }
    String id = caller.id();
    boolean first;
    synchronized (this) {
      first = watched.add(id);
    }
    if (first) {
      caller.onDisconnect(() -> callerGone(id));
    }
    return id;
  }

  /**
   * Whether the client making the current call has already gone (its call ran late, after its
   * disconnect actions): then the call must not leave anything that only those actions undo. Checked
   * under this monitor, which {@link #callerGone} takes too, so there is no window between them.
   */
  private static boolean callerDeparted() {
    Caller caller = CurrentCaller.get();
    return caller != null && !caller.isConnected();
  }

  /** A client went away: its reservations are released and its consumers' messages requeued. */
  private void callerGone(String callerId) {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      watched.remove(callerId);
      Set<String> producers = producersOf.remove(callerId);
      if (producers != null) {
        for (String p : producers) {
          Integer held = credits.remove(p);
          if (held != null) {
            reserved -= held;
          }
          endReservations(w -> w.producer().equals(p), done);
        }
      }
      Set<String> ids = consumersOf.remove(callerId);
      if (ids != null) {
        for (String id : ids) {
          Consumer c = consumers.get(id);
          if (c != null) {
            detachLocked(c, done);
          }
        }
      }
      detachedOf.remove(callerId); // the client is gone: none of its takes can come any more
      pump(done);
    }
    run(done);
  }

  /** How many producer and consumer ids, detached ones included, the channel keeps for its clients (for tests). */
  public synchronized int clientIdsKept() {
    int n = 0;
    for (Set<String> ids : producersOf.values()) {
      n += ids.size();
    }
    for (Set<String> ids : consumersOf.values()) {
      n += ids.size();
    }
    for (Set<String> ids : detachedOf.values()) {
      n += ids.size();
    }
    return n;
  }

  @Override
  public String toString() {
    return "channel '" + name + "' of " + messageType;
  }
}
