package io.typedipc.process;

/** Marks the worker instance, in the worker JVM. */
public class PoolInitializer implements WorkerInitializer<PoolTasks> {
  @Override
  public void initialize(PoolTasks worker) {
    ((PoolTasksImpl) worker).initialized = "initialized in " + ProcessHandle.current().pid();
  }
}
