package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.internal.Bindings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A pool of worker JVMs — Python's {@code Pool(n)} with {@code apply_async}, {@code map} and
 * {@code imap_unordered} — to which work is submitted through a {@code @Shared} interface that the
 * workers implement.
 *
 * <pre>{@code
 * try (WorkerPool<Square> pool = WorkerPool.builder(Square.class, SquareImpl.class).workers(2).start()) {
 *   pool.submit(w -> w.square(3), result -> System.out.println("callback: " + result));   // apply_async
 *   List<Integer> squares = pool.map(List.of(1, 2, 3), Square::square);                   // [1, 4, 9]
 * }                                                                // waits for the work, stops the JVMs
 * }</pre>
 *
 * <p>Each worker is a child JVM ({@link ChildProcess}) holding one instance of the implementation
 * class (created with its no-arg constructor, then given to the {@linkplain Builder#initializer
 * initializer}) in a Manager of its own on a free loopback port, with a key private to the pool. A
 * task is a function of a proxy of that instance; it runs on a pool thread in this JVM, and each
 * worker runs one task at a time, so the implementation needs no locks.
 *
 * <p>Failures: an exception of the task (a remote method's declared exception, {@link
 * io.typedipc.RemoteException}, …) fails its future as itself. A worker that dies during a task
 * (crash, {@code System.exit}, killed) fails the task with {@link WorkerDiedException} — or runs it
 * again on a new worker if {@linkplain Builder#retries retries} are allowed, so a task may run more
 * than once — and is replaced; futures never hang on a dead worker. A task that passes the
 * {@linkplain Builder#taskTimeout task timeout} fails with {@link CallTimeoutException} and its
 * worker is replaced, since it may still be busy with it.
 *
 * <p>Futures complete, and callbacks attached to them run, on one thread of the pool in completion
 * order (like Python's result handler); do not block there. Thread-safe.
 *
 * @param <W> the {@code @Shared} interface the workers implement
 */
public final class WorkerPool<W> implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final Duration DEATH_GRACE = Duration.ofSeconds(2);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  /**
   * A unit of work: calls the worker through its proxy and returns the result. Runs in this JVM on
   * a pool thread; may throw what the worker's methods declare.
   *
   * @param <W> the worker interface
   * @param <R> the result
   */
  @FunctionalInterface
  public interface Task<W, R> {
    /** Does the work with {@code worker}, a proxy of one worker JVM's instance. */
    R call(W worker) throws Exception;
  }

  /**
   * The work of {@link #map} and {@link #mapUnordered} for one input.
   *
   * @param <W> the worker interface
   * @param <T> the input
   * @param <R> the result
   */
  @FunctionalInterface
  public interface MapTask<W, T, R> {
    /** Does the work for {@code input} with {@code worker}, a proxy of one worker JVM's instance. */
    R call(W worker, T input) throws Exception;
  }

  private enum State { RUNNING, SHUTDOWN, TERMINATED }

  private final Builder<W> config;
  private final String name;
  private final AuthKey key = AuthKey.generate();
  private final LinkedBlockingDeque<Job<W, ?>> queue = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new ArrayList<>();
  private final CountDownLatch finished;
  private final ExecutorService results;
  private final Object lock = new Object();
  private final Job<W, ?> poison = new Job<>(null);
  private volatile State state = State.RUNNING;

  private static final class Job<W, R> {
    final Task<? super W, ? extends R> task;
    final CompletableFuture<R> future = new CompletableFuture<>();
    int attempts;

    Job(Task<? super W, ? extends R> task) {
      this.task = task;
    }
  }

  private record Worker<W>(ChildProcess process, ManagerClient client, W proxy, int[] tasks) {
    boolean healthy() {
      return process.isAlive() && client.isConnected();
    }
  }

  private WorkerPool(Builder<W> config) {
    this.config = config;
    this.name = "typedipc-pool-" + POOLS.incrementAndGet();
    this.finished = new CountDownLatch(config.workers);
    this.results = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-results");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < config.workers; i++) {
      Slot slot = new Slot();
      slots.add(slot);
      Thread t = new Thread(slot, name + "-worker-" + i);
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * A builder for a pool whose workers run {@code implementation}.
   *
   * @param type a {@code @Shared} interface
   * @param implementation a concrete class implementing it, with a no-arg constructor
   * @throws IllegalArgumentException if {@code type} has no generated binding or the
   *     implementation cannot be instantiated by name
   */
  public static <W> Builder<W> builder(Class<W> type, Class<? extends W> implementation) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(implementation, "implementation");
    Bindings.load(List.of(type)).of(type);
    EntryClasses.checkInstantiable(implementation, "a worker implementation");
    return new Builder<>(type, implementation);
  }

  /**
   * Queues a task — Python's {@code apply_async}. Returns at once.
   *
   * @return completes with the task's result, with its exception, with {@link
   *     WorkerDiedException} if its worker died, or is cancelled by {@link #terminate()}; cancelling
   *     it before it runs skips the task
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <R> CompletableFuture<R> submit(Task<? super W, ? extends R> task) {
    Job<W, R> job = new Job<>(Objects.requireNonNull(task, "task"));
    synchronized (lock) {
      if (state != State.RUNNING) {
        throw new RejectedExecutionException(name + " is " + (state == State.SHUTDOWN ? "shut down" : "terminated")
            + "; it takes no new tasks");
      }
      queue.addLast(job);
    }
    return job.future;
  }

  /**
   * Queues a task and calls {@code callback} with its result when it succeeds — {@code
   * apply_async(f, args, callback=cb)}. The callback runs on the pool's result thread.
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <R> CompletableFuture<R> submit(Task<? super W, ? extends R> task, Consumer<? super R> callback) {
    Objects.requireNonNull(callback, "callback");
    CompletableFuture<R> future = submit(task);
    future.thenAccept(callback);
    return future;
  }

  /**
   * Runs {@code task} for every input and returns the results in input order — Python's {@code
   * Pool.map}. Blocks until every task has finished.
   *
   * @throws RuntimeException the failure of the first input (in input order) whose task failed:
   *     as itself if unchecked (e.g. {@link WorkerDiedException}), in a {@link
   *     CompletionException} if checked
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <T, R> List<R> map(Collection<? extends T> inputs, MapTask<? super W, ? super T, ? extends R> task) {
    Objects.requireNonNull(task, "task");
    List<CompletableFuture<R>> futures = new ArrayList<>(inputs.size());
    for (T input : inputs) {
      futures.add(submit(w -> task.call(w, input)));
    }
    List<R> out = new ArrayList<>(futures.size());
    RuntimeException first = null;
    for (CompletableFuture<R> f : futures) {
      try {
        out.add(await(f));
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return out;
  }

  /**
   * Runs {@code task} for every input and streams the results in completion order — Python's
   * {@code imap_unordered}. All tasks are queued at once; the stream blocks for each next result.
   * A failed task throws its failure (as {@link #map} does) when the stream reaches it.
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <T, R> Stream<R> mapUnordered(Collection<? extends T> inputs, MapTask<? super W, ? super T, ? extends R> task) {
    Objects.requireNonNull(task, "task");
    BlockingQueue<CompletableFuture<R>> done = new LinkedBlockingQueue<>();
    int n = 0;
    for (T input : inputs) {
      CompletableFuture<R> f = submit(w -> task.call(w, input));
      f.whenComplete((r, e) -> done.add(f));
      n++;
    }
    int total = n;
    Iterator<R> it = new Iterator<>() {
      private int taken;

      @Override
      public boolean hasNext() {
        return taken < total;
      }

      @Override
      public R next() {
        if (taken >= total) {
          throw new NoSuchElementException();
        }
        taken++;
        try {
          return await(done.take());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CompletionException("interrupted while waiting for a result", e);
        }
      }
    };
    return StreamSupport.stream(Spliterators.spliterator(it, total, 0), false);
  }

  /** How many worker JVMs the pool keeps. */
  public int workers() {
    return slots.size();
  }

  /** The process ids of the worker JVMs running and ready now. */
  public List<Long> workerPids() {
    List<Long> pids = new ArrayList<>();
    for (Slot s : slots) {
      Worker<W> w = s.worker;
      if (w != null && w.process().isAlive()) {
        pids.add(w.process().pid());
      }
    }
    return pids;
  }

  /**
   * Takes no new tasks; those queued and running still complete, then the workers stop — Python's
   * {@code close()}. Returns at once; {@link #join()} waits.
   */
  public void shutdown() {
    synchronized (lock) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.SHUTDOWN;
      for (int i = 0; i < slots.size(); i++) {
        queue.addLast(poison);
      }
    }
  }

  /**
   * Waits until the pool has shut down and every worker JVM has exited.
   *
   * @throws IllegalStateException if neither {@link #shutdown()} nor {@link #terminate()} was called
   * @throws InterruptedException if interrupted while waiting
   */
  public void join() throws InterruptedException {
    if (state == State.RUNNING) {
      throw new IllegalStateException("call shutdown() or terminate() before join(), as with Python's Pool");
    }
    finished.await();
    results.shutdown();
    results.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /**
   * Stops at once — Python's {@code terminate()}: kills every worker JVM, cancels the queued and
   * running tasks' futures, and returns when the workers have exited.
   */
  public void terminate() {
    List<Job<W, ?>> dropped = new ArrayList<>();
    synchronized (lock) {
      state = State.TERMINATED;
      queue.drainTo(dropped);
      for (int i = 0; i < slots.size(); i++) {
        queue.addLast(poison);
      }
    }
    for (Job<W, ?> job : dropped) {
      if (job != poison) {
        job.future.cancel(false);
      }
    }
    for (Slot s : slots) {
      Worker<W> w = s.worker;
      if (w != null) {
        w.process().kill();
      }
      ChildProcess starting = s.starting;
      if (starting != null) {
        starting.kill();
      }
    }
    joinUninterruptibly();
  }

  /**
   * {@link #shutdown()} then {@link #join()}: waits for the queued and running tasks and stops the
   * workers. If interrupted meanwhile, {@link #terminate()}s and keeps the interrupt status.
   */
  @Override
  public void close() {
    shutdown();
    try {
      join();
    } catch (InterruptedException e) {
      terminate();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "WorkerPool[" + config.type.getSimpleName() + ", " + slots.size() + " workers, " + state.name().toLowerCase() + "]";
  }

  private void joinUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static <R> R await(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private <R> void succeed(Job<W, R> job, Object result) {
    @SuppressWarnings("unchecked")
    R r = (R) result;
    results.execute(() -> job.future.complete(r));
  }

  private void fail(Job<W, ?> job, Throwable failure) {
    results.execute(() -> job.future.completeExceptionally(failure));
  }

  /** One worker JVM at a time and the thread that feeds it tasks. */
  private final class Slot implements Runnable {
    volatile Worker<W> worker;
    volatile ChildProcess starting;
    private Throwable startFailure;

    @Override
    public void run() {
      try {
        if (state == State.RUNNING) {
          startWorker();
        }
        while (true) {
          Job<W, ?> job = queue.takeFirst();
          if (job == poison) {
            break;
          }
          if (job.future.isDone()) {
            continue;
          }
          if (state == State.TERMINATED) {
            job.future.cancel(false);
            continue;
          }
          runJob(job);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        Worker<W> w = worker;
        worker = null;
        if (w != null) {
          if (state == State.TERMINATED) {
            discard(w);
          } else {
            retire(w);
          }
        }
        finished.countDown();
      }
    }

    private void runJob(Job<W, ?> job) {
      Worker<W> w = worker;
      if (w != null && !w.healthy()) {
        worker = null; // died while idle: not this task's doing
        discard(w);
        w = null;
      }
      if (w == null) {
        w = startWorker();
        if (w == null) {
          job.attempts++;
          failAttempt(job, new WorkerDiedException("no worker JVM could be started for the task: "
              + startFailure.getMessage(), -1, startFailure));
          return;
        }
      }
      job.attempts++;
      Object result;
      try {
        result = job.task.call(w.proxy());
      } catch (Throwable e) {
        Throwable cause = unwrap(e);
        if (state == State.TERMINATED) {
          worker = null;
          discard(w);
          job.future.cancel(false);
          return;
        }
        if (cause instanceof ConnectionLostException || cause instanceof ManagerClosedException || !w.healthy()) {
          worker = null;
          String status = discard(w);
          long pid = w.process().pid();
          failAttempt(job, new WorkerDiedException("worker JVM pid " + pid + " died while running the task (" + status + ")"
              + (config.retries > 0 ? "; no retries left after " + job.attempts + " attempts" : ""), pid, e));
          if (state == State.RUNNING) {
            startWorker();
          }
          return;
        }
        if (cause instanceof CallTimeoutException) {
          worker = null; // it may still be busy with the task: kill it
          w.client().close();
          w.process().kill();
          awaitExit(w.process(), KILL_WAIT);
          fail(job, cause);
          if (state == State.RUNNING) {
            startWorker();
          }
          return;
        }
        fail(job, cause);
        afterTask(w);
        return;
      }
      succeed(job, result);
      afterTask(w);
    }

    private void failAttempt(Job<W, ?> job, WorkerDiedException failure) {
      if (job.attempts <= config.retries && state != State.TERMINATED) {
        queue.addFirst(job);
      } else {
        fail(job, failure);
      }
    }

    private void afterTask(Worker<W> w) {
      w.tasks()[0]++;
      if (config.maxTasksPerWorker > 0 && w.tasks()[0] >= config.maxTasksPerWorker) {
        worker = null;
        retire(w);
        if (state == State.RUNNING) {
          startWorker();
        }
      }
    }

    /** Starts a worker JVM and connects to it; null (and {@link #startFailure}) if it fails. */
    private Worker<W> startWorker() {
      ChildProcess process = null;
      try {
        ChildProcess.Builder b = ChildProcess.builder(WorkerEntry.class);
        b.args(config.type.getName(), config.implementation.getName(),
            config.initializer == null ? "" : config.initializer.getName(), key.toBase64(),
            Integer.toString(config.registered.size()));
        for (Class<?> t : config.registered) {
          b.args(t.getName());
        }
        config.jvm.accept(b);
        process = b.start();
        starting = process;
        if (state == State.TERMINATED) {
          throw new ChildProcessException("the pool was terminated");
        }
        int port = Integer.parseInt(process.awaitAnnouncement(config.startTimeout));
        ManagerClient client = ManagerClient.builder()
            .address("127.0.0.1", port)
            .authKey(key)
            .callTimeout(config.taskTimeout)
            .connections(1)
            .register(config.registered.toArray(new Class<?>[0]))
            .connect();
        Worker<W> w = new Worker<>(process, client, client.shared(config.type, WorkerEntry.NAME), new int[1]);
        worker = w;
        if (state == State.TERMINATED) {
          process.kill();
        }
        return w;
      } catch (RuntimeException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (process != null) {
          process.kill();
          awaitExit(process, KILL_WAIT);
        }
        startFailure = e;
        return null;
      } finally {
        starting = null;
      }
    }
  }

  /** Stops a worker that has done its work: closes its stdin and waits for it (kills after 10 s). */
  private static void retire(Worker<?> w) {
    w.client().close();
    w.process().close();
  }

  /** Gets rid of a worker that died or must die; returns how it ended, for messages. */
  private static String discard(Worker<?> w) {
    w.client().close();
    ChildProcess p = w.process();
    if (!awaitExit(p, DEATH_GRACE)) {
      p.kill();
      awaitExit(p, KILL_WAIT);
    }
    return p.exitCode().isPresent() ? "exit status " + p.exitCode().getAsInt() : "still running";
  }

  private static boolean awaitExit(ChildProcess p, Duration timeout) {
    try {
      return p.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.kill();
      return false;
    }
  }

  /**
   * Configures and starts a {@link WorkerPool}. Not thread-safe.
   *
   * @param <W> the worker interface
   */
  public static final class Builder<W> {
    private final Class<W> type;
    private final Class<? extends W> implementation;
    private final List<Class<?>> registered = new ArrayList<>();
    private int workers = Runtime.getRuntime().availableProcessors();
    private Class<?> initializer;
    private int maxTasksPerWorker;
    private int retries;
    private Duration taskTimeout = Duration.ZERO;
    private Duration startTimeout = Duration.ofSeconds(60);
    private Consumer<ChildProcess.Builder> jvm = b -> {};

    private Builder(Class<W> type, Class<? extends W> implementation) {
      this.type = type;
      this.implementation = implementation;
    }

    /** How many worker JVMs; default the number of processors. */
    public Builder<W> workers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a pool needs at least one worker, not " + count);
      }
      this.workers = count;
      return this;
    }

    /**
     * A class whose {@link WorkerInitializer#initialize} runs in every worker JVM, on its instance
     * of the implementation, before its first task.
     *
     * @throws IllegalArgumentException if the class has no no-arg constructor or is abstract
     */
    public Builder<W> initializer(Class<? extends WorkerInitializer<? super W>> initializerClass) {
      EntryClasses.checkInstantiable(Objects.requireNonNull(initializerClass, "initializerClass"), "a WorkerInitializer");
      this.initializer = initializerClass;
      return this;
    }

    /** Replaces a worker JVM by a fresh one after it ran this many tasks; 0 (default) for never. */
    public Builder<W> maxTasksPerWorker(int tasks) {
      if (tasks < 0) {
        throw new IllegalArgumentException("max tasks per worker must be 0 (no limit) or more, not " + tasks);
      }
      this.maxTasksPerWorker = tasks;
      return this;
    }

    /**
     * How many more times a task runs, on a new worker, when its worker died under it; default 0.
     * Only for tasks that may safely run more than once.
     */
    public Builder<W> retries(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("retries must be 0 or more, not " + count);
      }
      this.retries = count;
      return this;
    }

    /**
     * The deadline of every call a task makes to its worker; {@link Duration#ZERO} (default) for
     * none. A task past it fails with {@link CallTimeoutException} and its worker is replaced.
     */
    public Builder<W> taskTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("task timeout must not be negative");
      }
      this.taskTimeout = timeout;
      return this;
    }

    /** How long a worker JVM may take to start and become ready; default 60 s. */
    public Builder<W> startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive");
      }
      this.startTimeout = timeout;
      return this;
    }

    /** Classes allowed on the wire beyond what the interface declares, in the workers and here. */
    public Builder<W> register(Class<?>... types) {
      for (Class<?> t : types) {
        registered.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /**
     * Customizes every worker JVM: heap, JVM options, environment, output prefix or capture, and
     * handles to shared objects that the implementation or initializer reach through {@link
     * ChildContext#current()}.
     */
    public Builder<W> jvm(Consumer<ChildProcess.Builder> customizer) {
      this.jvm = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Starts the pool; its workers start in the background, and tasks queue until one is ready. */
    public WorkerPool<W> start() {
      Builder<W> copy = new Builder<>(type, implementation);
      copy.registered.addAll(registered);
      copy.workers = workers;
      copy.initializer = initializer;
      copy.maxTasksPerWorker = maxTasksPerWorker;
      copy.retries = retries;
      copy.taskTimeout = taskTimeout;
      copy.startTimeout = startTimeout;
      copy.jvm = jvm;
      return new WorkerPool<>(copy);
    }
  }
}
