package io.typedipc.process;

import java.nio.file.Path;

/** Entries of {@link ProcessPromisesTest}. */
final class PromiseEntries {
  private PromiseEntries() {}

  /** Prints what the builder's settings should have given the child. */
  static final class Report implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      System.out.println("PROPERTY " + System.getProperty("typedipc.test.property"));
      System.out.println("ENV " + System.getenv("TYPEDIPC_TEST_ENV"));
      System.out.println("CWD " + Path.of("").toAbsolutePath());
      System.out.println("ARGS " + ctx.args());
    }
  }

  /** Puts a Money into the handle "box": needs Money registered for the child's client. */
  static final class PutsMoney implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) {
      io.typedipc.it.Box<io.typedipc.it.Money> box = ctx.shared(io.typedipc.it.Box.class, "box");
      box.put(new io.typedipc.it.Money(250, "EUR"));
    }
  }

  /** Uses the built-in kinds HandleKindsTest does not hand over; prints what the parent checks. */
  static final class UsesMoreBuiltins implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) throws Exception {
      java.time.Duration wait = java.time.Duration.ofSeconds(60);
      ctx.shared(io.typedipc.builtin.SharedIntArray.class, "ia").addAndGet(0, 5);
      ctx.shared(io.typedipc.builtin.SharedLongArray.class, "la").addAndGet(1, 7);
      ctx.shared(io.typedipc.builtin.SharedDoubleArray.class, "da").set(2, 1.5);
      io.typedipc.builtin.Namespace<String> ns = ctx.shared(io.typedipc.builtin.Namespace.class, "ns");
      ns.set("x", "from the child");

      io.typedipc.builtin.SharedRLock rl = ctx.shared(io.typedipc.builtin.SharedRLock.class, "rl");
      rl.lock();
      rl.lock();
      System.out.println("RLOCK holds " + rl.getHoldCount());
      rl.unlock();
      rl.unlock();
      io.typedipc.builtin.SharedLock asLock = ctx.shared(io.typedipc.builtin.SharedLock.class, "rl");
      System.out.println("RLOCK as lock " + asLock.tryLock());
      asLock.unlock();

      io.typedipc.builtin.SharedBoundedSemaphore bs = ctx.shared(io.typedipc.builtin.SharedBoundedSemaphore.class, "bs");
      try {
        bs.release();
        System.out.println("BOUNDED released above its bound");
      } catch (IllegalStateException e) {
        System.out.println("BOUNDED refused");
      }

      io.typedipc.builtin.JoinableQueue<String> jq = ctx.shared(io.typedipc.builtin.JoinableQueue.class, "jq");
      System.out.println("JOB " + jq.get());
      jq.taskDone();

      io.typedipc.builtin.SharedCondition c = ctx.shared(io.typedipc.builtin.SharedCondition.class, "c");
      c.lock().lock();
      try {
        ns.set("signalled", "yes");
        c.signalAll();
      } finally {
        c.lock().unlock();
      }

      io.typedipc.builtin.SharedBarrier b = ctx.shared(io.typedipc.builtin.SharedBarrier.class, "b");
      b.await(wait);
      System.out.println("BARRIER passed");
    }
  }
}
