package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A well-behaved client calling one shared {@link TestService} every few milliseconds on a thread
 * of its own, recording its worst latency, while a test attacks the Manager. Its calls time out
 * after 5 s (see {@link BoundedManager#client()}), so a stalled Manager shows up as a latency of
 * at least that, not as a hung test.
 */
final class HonestClient implements AutoCloseable {
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ManagerClient client;
  private final TestService service;
  private final String object;
  private final Thread thread;
  private volatile boolean stop;
  private volatile long callStarted;
  private long worstNanos;
  private int calls;
  private final List<String> failures = new ArrayList<>();

  /** Connects to {@code manager} and starts calling its {@code object} ("service" or "other"). */
  HonestClient(BoundedManager manager, String object) {
    this.client = manager.client();
    this.object = object;
    this.service = client.shared(TestService.class, object);
    service.echo("warm-up"); // class loading and the first connection are not what is measured
    this.thread = new Thread(this::loop, "honest-client");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (!stop) {
      long start = System.nanoTime();
      callStarted = start;
      String failure = null;
      try {
        String answer = service.echo("honest");
        if (!"honest".equals(answer)) {
          failure = "wrong answer " + answer;
        }
      } catch (RuntimeException e) {
        failure = e.toString();
      }
      long took = System.nanoTime() - start;
      callStarted = 0;
      synchronized (this) {
        calls++;
        worstNanos = Math.max(worstNanos, took);
        if (failure != null && failures.size() < 5) {
          failures.add(failure + " after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
        }
      }
      LockSupport.parkNanos(PACE_NANOS);
    }
  }

  /** The worst latency so far in milliseconds, counting a call still waiting. */
  synchronized long worstMillis() {
    long worst = worstNanos;
    long started = callStarted;
    if (started != 0) {
      worst = Math.max(worst, System.nanoTime() - started);
    }
    return TimeUnit.NANOSECONDS.toMillis(worst);
  }

  /**
   * Stops calling and asserts every call succeeded within one second (and that there were calls).
   */
  void assertServedWithin1s() throws InterruptedException {
    long worst = worstMillis(); // a call stuck right now counts
    stop = true;
    thread.join(TimeUnit.SECONDS.toMillis(10));
    worst = Math.max(worst, worstMillis());
    String summary;
    synchronized (this) {
      summary = "honest client on '" + object + "': " + calls + " calls, worst " + worst + " ms, failures " + failures;
    }
    System.out.println(summary);
    synchronized (this) {
      assertTrue(failures.isEmpty() && calls > 0 && worst < 1000, summary);
    }
  }

  @Override
  public void close() {
    stop = true;
    client.close();
  }
}
