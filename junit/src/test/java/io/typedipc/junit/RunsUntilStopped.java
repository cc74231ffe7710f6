package io.typedipc.junit;

import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.util.concurrent.CountDownLatch;

/** A child JVM's entry that never ends by itself: the test's end must end it. */
public final class RunsUntilStopped implements ProcessEntry {
  @Override
  public void run(ChildContext context) throws InterruptedException {
    context.shared(Counter.class, "counter").increment(); // it is up
    new CountDownLatch(1).await();
  }
}
