package io.typedipc.internal.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Proxies}' parking protocol against a stand-in for the Manager. */
class ProxiesTest {
  /** A wire object whose parked calls stay pending until the test completes them. */
  static final class FakeWire {
    final List<Long> cancelled = new ArrayList<>();
    final CompletableFuture<Long> reply = new CompletableFuture<>();
    final CountDownLatch parked = new CountDownLatch(1);
    long ticket;

    CompletableFuture<Long> await(long ticket) {
      this.ticket = ticket;
      parked.countDown();
      return reply;
    }

    synchronized boolean cancel(long ticket) {
      cancelled.add(ticket);
      return true;
    }
  }

  private final FakeWire wire = new FakeWire();
  private final FakeWire patient = new FakeWire();
  private final Proxies<FakeWire> proxies = new Proxies<>(wire, patient, FakeWire::cancel);

  @Test
  void aZeroWaitKeepsTheCallTimeoutAnyOtherGoesWithout() {
    assertSame(wire, proxies.forWait(0));
    assertSame(patient, proxies.forWait(5));
    assertSame(patient, proxies.forWait(Waiting.FOREVER));
  }

  @Test
  void interruptWhileParkedCancelsThroughTheWireAndAwaitsTheReply() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        proxies.status(Waiting.FOREVER, true, FakeWire::await, () -> "waiting for a test");
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    assertTrue(patient.parked.await(10, TimeUnit.SECONDS));
    t.interrupt();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (wire.cancelled.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    synchronized (wire) {
      assertEquals(List.of(patient.ticket), wire.cancelled, "cancelled once, by ticket, with the call timeout");
    }
    assertTrue(t.isAlive(), "still waits for the Manager's word");
    patient.reply.complete(Status.CANCELLED);
    t.join(10_000);
    assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
  }

  @Test
  void aGrantThatWinsOverTheCancelIsReturnedWithTheInterruptKept() throws Exception {
    patient.reply.complete(Status.OK);
    Thread.currentThread().interrupt();
    try {
      long status = proxies.park(patient, false, FakeWire::await);
      assertEquals(Status.OK, status);
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertThrows(InterruptedException.class, () -> {
      Thread.currentThread().interrupt();
      proxies.park(patient, true, FakeWire::await);
    });
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void closedBecomesManagerClosedException() {
    patient.reply.complete(Status.CLOSED);
    ManagerClosedException e = assertThrows(ManagerClosedException.class,
        () -> proxies.status(1, true, FakeWire::await, () -> "waiting for a test"));
    assertTrue(e.getMessage().contains("waiting for a test"), e.getMessage());
  }
}
