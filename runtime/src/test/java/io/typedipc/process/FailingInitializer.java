package io.typedipc.process;

/** An initializer that cannot initialize. */
public class FailingInitializer implements WorkerInitializer<PoolTasks> {
  @Override
  public void initialize(PoolTasks worker) {
    throw new IllegalStateException("the initializer refuses");
  }
}
