package io.typedipc.internal.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Caller;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WaitQueue}, {@link Wait} and {@link Completions} on their own, without a Manager. */
class WaitQueueTest {
  private static Caller caller(String id) {
    return new Caller() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public boolean isConnected() {
        return true;
      }

      @Override
      public void onDisconnect(Runnable action) {}
    };
  }

  @Test
  void cancelEndsOnlyTheNamedWaitOfThatClient() {
    WaitQueue<Wait<Long>> q = new WaitQueue<>();
    Wait<Long> a = q.park(Wait.forStatus(caller("a"), 1), -1, w -> {});
    Wait<Long> b = q.park(Wait.forStatus(caller("b"), 1), -1, w -> {});
    Completions done = new Completions();
    assertFalse(q.cancel("a", 2, done));
    assertSame(b, q.find("b", 1));
    assertNull(q.find("c", 1));
    assertTrue(q.cancel("b", 1, done));
    assertFalse(b.future.isDone(), "completed only once the monitor is released");
    done.run();
    assertEquals(Status.CANCELLED, b.future.join());
    assertFalse(a.future.isDone());
    assertEquals(1, q.size());
    assertSame(a, q.peek());
  }

  @Test
  void dropClientEndsEveryWaitOfItClosedInOrder() {
    WaitQueue<Wait<Polled<String>>> q = new WaitQueue<>();
    Wait<Polled<String>> a1 = q.park(new Wait<>(caller("a"), 1, s -> new Polled<>(s, null)), -1, w -> {});
    Wait<Polled<String>> b = q.park(new Wait<>(caller("b"), 2, s -> new Polled<>(s, null)), -1, w -> {});
    Wait<Polled<String>> a2 = q.park(new Wait<>(caller("a"), 3, s -> new Polled<>(s, null)), -1, w -> {});
    Completions done = new Completions();
    assertTrue(q.dropClient("a", done));
    assertFalse(q.dropClient("c", done));
    done.run();
    assertEquals(new Polled<String>(Status.CLOSED, null), a1.future.join());
    assertEquals(new Polled<String>(Status.CLOSED, null), a2.future.join());
    assertFalse(b.future.isDone());
    assertEquals(List.of(b), List.copyOf(toList(q)));
  }

  @Test
  void endAllEndsEveryWaitAndEmptiesTheQueue() {
    WaitQueue<Wait<Long>> q = new WaitQueue<>();
    Wait<Long> a = q.park(Wait.forStatus(caller("a"), 1), -1, w -> {});
    Wait<Long> b = q.park(Wait.forStatus(caller("b"), 2), -1, w -> {});
    Completions done = new Completions();
    q.endAll(Status.OK, done);
    assertTrue(q.isEmpty());
    done.run();
    assertEquals(Status.OK, a.future.join());
    assertEquals(Status.OK, b.future.join());
    assertFalse(q.end(a, Status.NO, new Completions()), "no longer waits");
  }

  @Test
  void timerRunsOnlyForPositiveTimeoutsAndDisarmsWhenEnded() throws Exception {
    Object monitor = new Object();
    WaitQueue<Wait<Long>> q = new WaitQueue<>();
    CompletableFuture<Wait<Long>> fired = new CompletableFuture<>();
    Wait<Long> timed = q.park(Wait.forStatus(caller("a"), 1), TimeUnit.MILLISECONDS.toNanos(20), w -> {
      Completions.run(monitor, done -> q.end(w, Status.NO, done));
      fired.complete(w);
    });
    assertSame(timed, fired.get(10, TimeUnit.SECONDS));
    assertEquals(Status.NO, timed.future.join());
    assertTrue(q.isEmpty());

    CompletableFuture<Boolean> late = new CompletableFuture<>();
    Wait<Long> ended = q.park(Wait.forStatus(caller("a"), 2), TimeUnit.MILLISECONDS.toNanos(50), w -> late.complete(true));
    Wait<Long> untimed = q.park(Wait.forStatus(caller("a"), 3), 0, w -> late.complete(true));
    Completions done = new Completions();
    synchronized (monitor) {
      q.end(ended, Status.OK, done);
    }
    done.run();
    // timers fire in deadline order on one thread: once a later one has fired, the ended wait's
    // would have fired before it
    CompletableFuture<Boolean> sentinel = new CompletableFuture<>();
    q.park(Wait.forStatus(caller("b"), 4), TimeUnit.MILLISECONDS.toNanos(100), w -> sentinel.complete(true));
    assertTrue(sentinel.get(10, TimeUnit.SECONDS));
    assertFalse(late.isDone(), "an ended wait's timer and a zero timeout never fire");
    assertFalse(untimed.future.isDone());
  }

  @Test
  void completionsCallCompletesAfterReleasingTheMonitor() {
    Object monitor = new Object();
    CompletableFuture<Long> f = new CompletableFuture<>();
    f.thenRun(() -> assertFalse(Thread.holdsLock(monitor)));
    long r = Completions.call(monitor, done -> {
      assertTrue(Thread.holdsLock(monitor));
      done.add(f, 7L);
      return 3L;
    });
    assertEquals(3L, r);
    assertEquals(7L, f.join());
  }

  private static <W extends Wait<?>> List<W> toList(WaitQueue<W> q) {
    List<W> all = new java.util.ArrayList<>();
    q.forEach(all::add);
    return all;
  }
}
