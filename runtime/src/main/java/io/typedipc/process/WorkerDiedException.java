package io.typedipc.process;

/**
 * The worker JVM of a {@link WorkerPool} that was running a task died (it crashed, was killed, or
 * exited) before the task finished, or no worker could be started for it. The task failed with
 * this exception after the retries the pool allows ({@link WorkerPool.Builder#retries}); the pool
 * has replaced the worker and keeps serving.
 *
 * <p>Exceptions thrown by the task itself (a remote method's declared exception, a {@link
 * io.typedipc.RemoteException}) are never turned into this one.
 */
public class WorkerDiedException extends ChildProcessException {
  private static final long serialVersionUID = 1L;

  private final long workerPid;

  /**
   * Creates the exception.
   *
   * @param workerPid the process id of the worker, or -1 if none became ready
   */
  public WorkerDiedException(String message, long workerPid, Throwable cause) {
    super(message, cause);
    this.workerPid = workerPid;
  }

  /**
   * The process id of the worker that died, or -1 if no worker could be started (none became
   * ready: its JVM could not be launched, or exited before it was ready, e.g. because the
   * initializer threw).
   */
  public long workerPid() {
    return workerPid;
  }
}
