package io.typedipc.junit;

import java.util.concurrent.CountDownLatch;

/** A child JVM's main that starts a process of its own which outlives it, then runs until stopped. */
public final class LeavesAProcessBehind {
  private LeavesAProcessBehind() {}

  public static void main(String[] args) throws Exception {
    Process orphan = new ProcessBuilder("sleep", "60").start();
    System.out.println("started " + orphan.pid());
    new CountDownLatch(1).await();
  }
}
