package io.typedipc.process;

import java.util.concurrent.CountDownLatch;

/** A parent JVM (started by a test) that starts a blocking child, prints its pid and waits to be killed. */
public final class OrphanParentMain {
  public static void main(String[] args) throws Exception {
    ChildProcess child = ChildProcess.builder(Entries.Blocking.class)
        .jvmOptions(ProcessTesting.JVM_OPTIONS)
        .start();
    System.out.println("GRANDCHILD " + child.pid());
    new CountDownLatch(1).await();
  }
}
