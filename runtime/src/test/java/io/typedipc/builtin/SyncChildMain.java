package io.typedipc.builtin;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.internal.builtin.BarrierWire;
import io.typedipc.internal.builtin.EventWire;
import io.typedipc.internal.builtin.LockWire;
import io.typedipc.internal.builtin.Polled;
import io.typedipc.internal.builtin.QueueWire;
import io.typedipc.internal.builtin.Status;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client JVM for the synchronizer and queue tests: {@code <port> <scenario> <args…>}. Prints
 * what it did as lines the test waits for; exits when the test closes its stdin or kills it.
 */
public final class SyncChildMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    ManagerClient client = TestTransport.connect(Integer.parseInt(args[0]), AuthKey.fromEnvironment(ChildJvm.KEY_ENV));
    String name = args[2];
    switch (args[1]) {
      case "holdLock" -> {
        SharedLock lock = client.lock(name);
        lock.lock();
        say("HELD");
      }
      case "holdRLock" -> {
        SharedRLock lock = client.rlock(name);
        lock.lock();
        lock.lock();
        say("HELD " + lock.getHoldCount());
      }
      case "holdPermits" -> {
        SharedSemaphore s = client.semaphore(name, Integer.parseInt(args[3]));
        s.acquire(Integer.parseInt(args[4]));
        if (args.length > 5) { // and a lock, whose release tells the test the Manager saw this JVM go
          client.lock(args[5]).lock();
        }
        say("HELD " + s.availablePermits());
      }
      case "barrier" -> {
        SharedBarrier b = client.barrier(name, Integer.parseInt(args[3]));
        say("ARRIVING");
        try {
          say("INDEX " + b.await(Duration.ofSeconds(60)));
        } catch (BrokenBarrierException e) {
          say("BROKEN");
        } catch (TimeoutException e) {
          say("TIMEOUT");
        }
      }
      case "barrierAction" -> { // arrives with an action that logs to the list args[4], or throws if args[5] is "throw"
        SharedList<String> log = client.list(args[4]);
        boolean throwing = args.length > 5 && args[5].equals("throw");
        SharedBarrier b = client.barrier(name, Integer.parseInt(args[3]), () -> {
          log.add("action in " + ProcessHandle.current().pid());
          if (throwing) {
            throw new IllegalStateException("the action failed");
          }
        });
        say("PID " + ProcessHandle.current().pid());
        try {
          say("INDEX " + b.await(Duration.ofSeconds(60)));
        } catch (IllegalStateException e) {
          say("ACTION-THREW " + e.getMessage());
        } catch (BrokenBarrierException e) {
          say("BROKEN");
        }
      }
      case "barrierActionHangs" -> { // arrives with an action that says IN-ACTION, then waits until the JVM is killed
        SharedBarrier b = client.barrier(name, Integer.parseInt(args[3]), () -> {
          say("IN-ACTION");
          try {
            new java.util.concurrent.CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        say("ARRIVING");
        b.await(Duration.ofSeconds(60));
      }
      case "waitOnCondition" -> { // args[3] threads each wait on the condition of rlock `name`, say WOKE when signalled
        SharedCondition c = client.condition(name);
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
          Thread t = new Thread(() -> {
            c.lock().lock();
            try {
              if (c.await(Duration.ofSeconds(60))) {
                say("WOKE");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              c.lock().unlock();
            }
          });
          t.start();
        }
      }
      case "signal" -> {
        SharedCondition c = client.condition(name);
        while (c.getWaitQueueLength() == 0) {
          Thread.sleep(5); // polls the Manager's state; not a synchronisation by sleeping
        }
        c.lock().lock();
        try {
          c.signalAll();
        } finally {
          c.lock().unlock();
        }
        say("SIGNALLED");
      }
      case "awaitEvent" -> {
        SharedEvent e = client.event(name);
        say("WAITING");
        say("EVENT " + e.await(Duration.ofSeconds(60)));
      }
      case "produce" -> {
        SharedQueue<Integer> q = client.queue(name, Integer.class, Integer.parseInt(args[3]));
        int n = Integer.parseInt(args[4]);
        for (int i = 0; i < n; i++) {
          q.put(i);
        }
        say("PRODUCED " + n);
      }
      case "consumeJoinable" -> {
        JoinableQueue<String> q = client.joinableQueue(name, String.class, 0);
        int n = 0;
        while (true) {
          String job = q.get();
          if (job.equals("stop")) {
            q.taskDone();
            break;
          }
          n++;
          q.taskDone();
        }
        say("CONSUMED " + n);
      }
      case "putThroughList" -> { // the README's section 5: a.get(0).put(123) in any JVM
        SharedList<SharedQueue<Integer>> a = client.list(name);
        a.get(0).put(Integer.parseInt(args[3]));
        say("PUT");
      }
      case "waiters" -> waiters(client, name, Integer.parseInt(args[3]));
      case "blockers" -> blockers(client, name, Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[1]);
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  /**
   * Parks {@code n} asynchronous waits each on the lock, queue, event and barrier named
   * {@code prefix}-…, from one thread; passes every lock grant on by releasing it; prints PARKED
   * once all calls are sent and DONE with the counts once all completed.
   */
  private static void waiters(ManagerClient client, String prefix, int n) throws Exception {
    LockWire lock = client.withTimeout(client.shared(LockWire.class, prefix + "-lock"), Duration.ZERO);
    @SuppressWarnings("unchecked")
    QueueWire<Integer> queue = client.withTimeout(client.shared(QueueWire.class, prefix + "-queue"), Duration.ZERO);
    EventWire event = client.withTimeout(client.shared(EventWire.class, prefix + "-event"), Duration.ZERO);
    BarrierWire barrier = client.withTimeout(client.shared(BarrierWire.class, prefix + "-barrier"), Duration.ZERO);
    ExecutorService releaser = Executors.newSingleThreadExecutor();
    AtomicInteger locks = new AtomicInteger();
    AtomicInteger items = new AtomicInteger();
    AtomicInteger events = new AtomicInteger();
    AtomicInteger barriers = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long base = ProcessHandle.current().pid() * 1_000_000L;
    for (int i = 0; i < n; i++) {
      long thread = base + i; // a distinct owner per wait, as if from n threads
      all.add(lock.acquire(thread, i, -1).thenAcceptAsync(s -> {
        if (Status.ok(s)) {
          locks.incrementAndGet();
          lock.release(thread);
        }
      }, releaser));
      all.add(queue.get(i, -1).thenAccept((Polled<Integer> p) -> {
        if (p.status() == Status.OK) {
          items.incrementAndGet();
        }
      }));
      all.add(event.await(i, -1).thenAccept(s -> {
        if (s == Status.OK) {
          events.incrementAndGet();
        }
      }));
      all.add(barrier.await(i, -1).thenAccept(s -> {
        if (s >= 0) {
          barriers.incrementAndGet();
        }
      }));
    }
    say("PARKED " + all.size());
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    say("DONE lock=" + locks + " queue=" + items + " event=" + events + " barrier=" + barriers);
  }

  /**
   * Blocks {@code n} threads each, through the public API, in a put into the full queue {@code
   * prefix}-full, an acquire of the semaphore {@code prefix}-sem, an await on the condition {@code
   * prefix}-cond and a join of the joinable queue {@code prefix}-jq (all created by the test);
   * prints STARTED once the threads run and DONE with the counts once all returned.
   */
  private static void blockers(ManagerClient client, String prefix, int n) throws Exception {
    SharedQueue<Integer> full = client.queue(prefix + "-full", Integer.class);
    SharedSemaphore semaphore = client.semaphore(prefix + "-sem", 0);
    SharedCondition condition = client.condition(prefix + "-cond");
    JoinableQueue<Integer> joinable = client.joinableQueue(prefix + "-jq", Integer.class, 0);
    AtomicInteger puts = new AtomicInteger();
    AtomicInteger acquires = new AtomicInteger();
    AtomicInteger awaits = new AtomicInteger();
    AtomicInteger joins = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int value = i;
      threads.add(new Thread(() -> blocking(() -> {
        full.put(value);
        puts.incrementAndGet();
      })));
      threads.add(new Thread(() -> blocking(() -> {
        semaphore.acquire();
        acquires.incrementAndGet();
      })));
      threads.add(new Thread(() -> blocking(() -> {
        condition.lock().lock();
        try {
          condition.await();
          awaits.incrementAndGet();
        } finally {
          condition.lock().unlock();
        }
      })));
      threads.add(new Thread(() -> blocking(() -> {
        joinable.join();
        joins.incrementAndGet();
      })));
    }
    threads.forEach(Thread::start);
    say("STARTED " + threads.size());
    for (Thread t : threads) {
      t.join();
    }
    say("DONE put=" + puts + " acquire=" + acquires + " await=" + awaits + " join=" + joins);
  }

  /** A blocking call of the public API. */
  private interface Blocking {
    void run() throws Exception;
  }

  private static void blocking(Blocking call) {
    try {
      call.run();
    } catch (Exception e) {
      say("FAILED " + e);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
