package io.typedipc.process;

import io.typedipc.Manager;
import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.util.concurrent.CountDownLatch;

/** Entry points and initializers the process tests start in child JVMs. */
final class Entries {
  private Entries() {}

  /** Increments the named handle "counter" args[0] times and positional handle 0 once. */
  static final class Increment implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      TestService counter = ctx.shared(TestService.class, "counter");
      int n = Integer.parseInt(ctx.args().get(0));
      for (int i = 0; i < n; i++) {
        counter.increment();
      }
      if (ctx.handleCount() > 0) {
        ctx.handle(0, TestService.class).increment();
      }
      System.out.println("child done: " + n + " increments");
    }
  }

  /** Fails. */
  static final class Throwing implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      throw new IllegalStateException("boom from the child");
    }
  }

  /** Says so, then waits forever. */
  static final class Blocking implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) throws InterruptedException {
      System.out.println("BLOCKING");
      new CountDownLatch(1).await();
    }
  }

  /** Has no no-arg constructor. */
  static final class NoConstructor implements ProcessEntry {
    NoConstructor(int x) {}

    @Override
    public void run(ChildContext ctx) {}
  }

  /** Shares a TestService as "service". */
  static final class Shares implements ManagerInitializer {
    @Override
    public void initialize(Manager.Builder builder) {
      builder.share(TestService.class, "service", new TestServiceImpl());
    }
  }

  /** Cannot initialize. */
  static final class BrokenShares implements ManagerInitializer {
    @Override
    public void initialize(Manager.Builder builder) {
      throw new IllegalArgumentException("no objects today");
    }
  }
}
