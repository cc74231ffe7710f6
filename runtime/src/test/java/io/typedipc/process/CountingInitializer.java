package io.typedipc.process;

import io.typedipc.it.TestService;

/** Increments the "counter" handle its worker JVM was given. */
public class CountingInitializer implements WorkerInitializer<PoolTasks> {
  @Override
  public void initialize(PoolTasks worker) {
    ChildContext.current().shared(TestService.class, "counter").increment();
  }
}
