package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.ProtocolException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.Waits;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
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
 * A pool of worker JVMs — Python's {@code Pool(n)} with {@code apply_async} (callback and error
 * callback), {@code map}, {@code map_async}, {@code imap} and {@code imap_unordered}, each map with
 * a chunk size — to which work is submitted through a {@code @Shared} interface that the workers
 * implement.
 *
 * <pre>{@code
 * try (WorkerPool<Square> pool = WorkerPool.builder(Square.class, SquareImpl.class).workers(2).start()) {
 *   pool.submit(w -> w.square(3), result -> System.out.println("callback: " + result));   // apply_async
 *   pool.submit(w -> w.square(3), System.out::println, Throwable::printStackTrace);       // + error_callback
 *   List<Integer> squares = pool.map(List.of(1, 2, 3), Square::square);                   // [1, 4, 9]
 *   CompletableFuture<List<Integer>> later = pool.mapAsync(inputs, 100, Square::square);  // map_async, chunks of 100
 *   try (Stream<Integer> lazily = pool.imap(inputs, Square::square)) {                    // imap: input order
 *     lazily.forEach(System.out::println);
 *   }
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
 * io.typedipc.RemoteException}, …) fails its future as itself. Each input of a map operation is a
 * task with its own outcome, whatever the chunk size. A worker that dies during a task
 * (crash, {@code System.exit}, killed) fails the task with {@link WorkerDiedException} — or runs it
 * again on a new worker if {@linkplain Builder#retries retries} are allowed, so a task may run more
 * than once — and is replaced; futures never hang on a dead worker. A task that passes the
 * {@linkplain Builder#taskTimeout task timeout} fails with {@link CallTimeoutException} and its
 * worker is replaced, since it may still be busy with it.
 *
 * <p>Futures complete, and callbacks attached to them run, on one thread of the pool in completion
 * order (like Python's result handler); do not block there. A future you cancel yourself completes
 * on your thread, and so do the actions you attached to it; the callbacks given to {@code submit}
 * still run on the pool's thread. Thread-safe.
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
  private final LinkedBlockingDeque<Job<W>> queue = new LinkedBlockingDeque<>();
  private final List<Slot> slots = new ArrayList<>();
  private final CountDownLatch finished;
  private final ExecutorService results;
  /** The thread of {@link #results}: a callback there may stop the pool, which must not wait for it. */
  private volatile Thread resultThread;
  private final Object lock = new Object();
  private final Job<W> poison = new Job<>(List.of());
  private volatile State state = State.RUNNING;

  /** One input's task and its future. */
  private static final class Item<W, R> {
    final Task<? super W, ? extends R> task;
    final CompletableFuture<R> future = new CompletableFuture<>();
    int attempts;

    Item(Task<? super W, ? extends R> task) {
      this.task = task;
    }
  }

  /**
   * Items that run one after another on one worker: one for {@link #submit}, a chunk for the map
   * operations. A job is in the queue or in one slot's hands, never both, so {@link #next} needs no
   * lock.
   */
  private static final class Job<W> {
    final List<Item<W, ?>> items;
    /** The first item that has not run to an outcome. */
    int next;

    Job(List<Item<W, ?>> items) {
      this.items = items;
    }

    /** Skips the items already done (cancelled); whether any is left. */
    boolean advance() {
      while (next < items.size() && items.get(next).future.isDone()) {
        next++;
      }
      return next < items.size();
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
      resultThread = t;
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
    Item<W, R> item = new Item<>(Objects.requireNonNull(task, "task"));
    enqueue(new Job<>(List.of(item)));
    return item.future;
  }

  private void enqueue(Job<W> job) {
    synchronized (lock) {
      checkRunning();
      queue.addLast(job);
    }
  }

  private void checkRunning() {
    if (state != State.RUNNING) {
      throw new RejectedExecutionException(name + " is " + (state == State.SHUTDOWN ? "shut down" : "terminated")
          + "; it takes no new tasks");
    }
  }

  /** Queues one job for {@code chunk}; returns the inputs' futures, in order. */
  private <T, R> List<CompletableFuture<R>> submitChunk(List<T> chunk, MapTask<? super W, ? super T, ? extends R> task) {
    List<CompletableFuture<R>> futures = new ArrayList<>(chunk.size());
    enqueue(job(chunk, task, futures));
    return futures;
  }

  /** The job for {@code chunk}; adds the inputs' futures to {@code futures}, in order. */
  private static <W, T, R> Job<W> job(List<T> chunk, MapTask<? super W, ? super T, ? extends R> task,
      List<CompletableFuture<R>> futures) {
    List<Item<W, ?>> items = new ArrayList<>(chunk.size());
    for (T input : chunk) {
      Item<W, R> item = new Item<>(w -> task.call(w, input));
      items.add(item);
      futures.add(item.future);
    }
    return new Job<>(items);
  }

  /**
   * Queues {@code inputs} in chunks of {@code chunkSize}, all or none (a shutdown while the inputs
   * are read rejects them all: none runs); returns their futures, in input order.
   */
  private <T, R> List<CompletableFuture<R>> submitAll(Collection<? extends T> inputs, int chunkSize,
      MapTask<? super W, ? super T, ? extends R> task) {
    Objects.requireNonNull(task, "task");
    checkChunkSize(chunkSize);
    List<CompletableFuture<R>> futures = new ArrayList<>(inputs.size());
    List<Job<W>> jobs = new ArrayList<>();
    List<T> chunk = new ArrayList<>(Math.min(chunkSize, inputs.size()));
    for (T input : inputs) {
      chunk.add(input);
      if (chunk.size() == chunkSize) {
        jobs.add(job(chunk, task, futures));
        chunk = new ArrayList<>(chunkSize);
      }
    }
    if (!chunk.isEmpty()) {
      jobs.add(job(chunk, task, futures));
    }
    synchronized (lock) {
      checkRunning();
      queue.addAll(jobs);
    }
    return futures;
  }

  private static void checkChunkSize(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("a chunk holds at least one input, not " + chunkSize);
    }
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
   * Queues a task and calls {@code callback} with its result when it succeeds, or {@code
   * errorCallback} with its failure when it fails — {@code apply_async(f, args, callback=cb,
   * error_callback=ecb)}. Exactly one of the two runs, once, on the pool's result thread. The
   * failure is the task's exception itself (not wrapped in a {@link CompletionException}): a
   * remote method's declared exception, {@link io.typedipc.RemoteException}, {@link
   * WorkerDiedException}, {@link CallTimeoutException}, or a {@link
   * java.util.concurrent.CancellationException} if {@link #terminate()} cancelled it.
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <R> CompletableFuture<R> submit(Task<? super W, ? extends R> task, Consumer<? super R> callback,
      Consumer<? super Throwable> errorCallback) {
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(errorCallback, "errorCallback");
    CompletableFuture<R> future = submit(task);
    future.whenComplete((result, failure) -> onResultThread(() -> {
      if (failure == null) {
        callback.accept(result);
      } else {
        errorCallback.accept(unwrap(failure));
      }
    }));
    return future;
  }

  /**
   * Runs {@code action} on the result thread: at once if this is it, else queued there. The pool
   * completes every future there, but a future the user cancels completes on the user's thread.
   */
  private void onResultThread(Runnable action) {
    if (Thread.currentThread() == resultThread) {
      action.run();
      return;
    }
    try {
      results.execute(action);
    } catch (RejectedExecutionException e) {
      action.run(); // the pool has been joined: the result thread is gone
    }
  }

  /**
   * Runs {@code task} for every input and returns the results in input order — Python's {@code
   * Pool.map}. Blocks until every task has finished. Each input is its own task; see {@link
   * #map(Collection, int, MapTask)} to hand them to the workers in chunks.
   *
   * @throws RuntimeException the failure of the first input (in input order) whose task failed:
   *     as itself if unchecked (e.g. {@link WorkerDiedException}), in a {@link
   *     CompletionException} if checked
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}; a map
   *     (or {@code mapAsync}, {@code mapUnordered}) is queued or rejected as a whole, so none of its
   *     tasks runs if the pool shuts down while its inputs are read
   */
  public <T, R> List<R> map(Collection<? extends T> inputs, MapTask<? super W, ? super T, ? extends R> task) {
    return map(inputs, 1, task);
  }

  /**
   * {@link #map(Collection, MapTask)} with the inputs handed out in chunks of {@code chunkSize} —
   * {@code Pool.map(f, inputs, chunksize)}: one worker runs a chunk's inputs one after another,
   * which saves a queue hand-off per input when there are many small ones. The chunk size changes
   * nothing else: each input still has its own outcome, and if a worker dies in the middle of a
   * chunk, the inputs it finished keep their results, the one it was running fails with {@link
   * WorkerDiedException} (or runs again, if {@linkplain Builder#retries retries} allow), and the
   * rest of the chunk goes on on another worker. A chunk counts as one task for {@link
   * Builder#maxTasksPerWorker}.
   *
   * @param chunkSize how many inputs one worker takes at a time, at least 1
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public <T, R> List<R> map(Collection<? extends T> inputs, int chunkSize,
      MapTask<? super W, ? super T, ? extends R> task) {
    List<CompletableFuture<R>> futures = submitAll(inputs, chunkSize, task);
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
   * Queues a task for every input and returns at once — Python's {@code map_async}. The future
   * completes when every task has finished: with the results in input order, or with the failure
   * of the first input (in input order) whose task failed, as itself. Cancelling it cancels the
   * inputs' tasks that have not started. It completes, and its callbacks run, on the pool's result
   * thread (a callback added once it has completed runs at once on the thread adding it, as for any
   * {@code CompletableFuture}).
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <T, R> CompletableFuture<List<R>> mapAsync(Collection<? extends T> inputs,
      MapTask<? super W, ? super T, ? extends R> task) {
    return mapAsync(inputs, 1, task);
  }

  /**
   * {@link #mapAsync(Collection, MapTask)} in chunks of {@code chunkSize}, as {@link
   * #map(Collection, int, MapTask)} — {@code map_async(f, inputs, chunksize)}.
   *
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public <T, R> CompletableFuture<List<R>> mapAsync(Collection<? extends T> inputs, int chunkSize,
      MapTask<? super W, ? super T, ? extends R> task) {
    List<CompletableFuture<R>> futures = submitAll(inputs, chunkSize, task);
    CompletableFuture<List<R>> all = new CompletableFuture<>();
    if (futures.isEmpty()) { // no task to complete it: the result thread completes it all the same
      onResultThread(() -> all.complete(new ArrayList<>()));
      return all;
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, e) -> {
      List<R> out = new ArrayList<>(futures.size());
      for (CompletableFuture<R> f : futures) {
        try {
          out.add(f.join());
        } catch (CompletionException | java.util.concurrent.CancellationException failure) {
          all.completeExceptionally(unwrap(failure));
          return;
        }
      }
      all.complete(out);
    });
    all.whenComplete((r, e) -> {
      if (all.isCancelled()) {
        futures.forEach(f -> f.cancel(false));
      }
    });
    return all;
  }

  /**
   * Runs {@code task} for every input and streams the results in input order as they complete —
   * Python's {@code imap}. The inputs are read lazily, on the consuming thread: the stream holds at
   * most {@code 2 ×} {@link #workers()} inputs that it has queued and not yet returned (waiting,
   * running or done), so an endless or huge {@code Iterable} is fine and a slow consumer holds the
   * workers back rather than piling up results. A failed input throws its failure (as {@link #map} does) when the stream
   * reaches it; the stream's {@link Stream#iterator() iterator} throws it from the {@code next()}
   * that reaches it ({@code hasNext()} never throws one) and can be advanced past it to the next
   * result, as Python's {@code next()} can. Closing the stream cancels the inputs queued and
   * not started.
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}; and from
   *     the stream, if the pool is shut down while inputs are left to queue
   */
  public <T, R> Stream<R> imap(Iterable<? extends T> inputs, MapTask<? super W, ? super T, ? extends R> task) {
    return imap(inputs, 1, task);
  }

  /**
   * {@link #imap(Iterable, MapTask)} in chunks of {@code chunkSize}, as {@link #map(Collection,
   * int, MapTask)} — {@code imap(f, inputs, chunksize)}; the stream holds at most {@code 2 ×}
   * {@link #workers()} chunks of inputs queued and not yet returned.
   *
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public <T, R> Stream<R> imap(Iterable<? extends T> inputs, int chunkSize,
      MapTask<? super W, ? super T, ? extends R> task) {
    Objects.requireNonNull(task, "task");
    checkChunkSize(chunkSize);
    checkRunning();
    Iterator<? extends T> source = Objects.requireNonNull(inputs, "inputs").iterator();
    int ahead = 2 * slots.size() * chunkSize;
    ArrayDeque<CompletableFuture<R>> pending = new ArrayDeque<>();
    Iterator<R> results = new Iterator<>() {
      @Override
      public boolean hasNext() {
        fill();
        return !pending.isEmpty();
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return await(pending.poll());
      }

      private void fill() {
        while (pending.size() + chunkSize <= ahead && source.hasNext()) { // a whole chunk, only if it fits
          List<T> chunk = new ArrayList<>(chunkSize);
          while (chunk.size() < chunkSize && source.hasNext()) {
            chunk.add(source.next());
          }
          pending.addAll(submitChunk(chunk, task));
        }
      }
    };
    return new ResultStream<>(StreamSupport.stream(Spliterators.spliteratorUnknownSize(results, Spliterator.ORDERED), false)
        .onClose(() -> pending.forEach(f -> f.cancel(false))), results);
  }

  /**
   * Runs {@code task} for every input and streams the results in completion order — Python's
   * {@code imap_unordered}. All tasks are queued at once; the stream blocks for each next result.
   * A failed task throws its failure (as {@link #map} does) when the stream reaches it.
   *
   * @throws RejectedExecutionException after {@link #shutdown()} or {@link #terminate()}
   */
  public <T, R> Stream<R> mapUnordered(Collection<? extends T> inputs, MapTask<? super W, ? super T, ? extends R> task) {
    return mapUnordered(inputs, 1, task);
  }

  /**
   * {@link #mapUnordered(Collection, MapTask)} in chunks of {@code chunkSize}, as {@link
   * #map(Collection, int, MapTask)} — {@code imap_unordered(f, inputs, chunksize)}.
   *
   * @throws IllegalArgumentException if {@code chunkSize} is less than 1
   */
  public <T, R> Stream<R> mapUnordered(Collection<? extends T> inputs, int chunkSize,
      MapTask<? super W, ? super T, ? extends R> task) {
    List<CompletableFuture<R>> futures = submitAll(inputs, chunkSize, task);
    BlockingQueue<CompletableFuture<R>> done = new LinkedBlockingQueue<>();
    for (CompletableFuture<R> f : futures) {
      f.whenComplete((r, e) -> done.add(f));
    }
    int total = futures.size();
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
    return new ResultStream<>(StreamSupport.stream(Spliterators.spliterator(it, total, 0), false), it);
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
   * Waits until the pool has shut down and every worker JVM has exited, and, unless called from a
   * callback, until every callback has run. A callback may call it (or {@link #close()}, {@link
   * #terminate()}): it then returns once the workers have exited, and the callbacks still queued
   * run after the calling one returns — as Python's {@code terminate()} from a callback.
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
    if (Thread.currentThread() != resultThread) { // the result thread would wait for itself
      results.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Stops at once — Python's {@code terminate()}: kills every worker JVM, cancels the queued and
   * running tasks' futures, and returns when the workers have exited.
   */
  public void terminate() {
    List<Job<W>> dropped = new ArrayList<>();
    synchronized (lock) {
      state = State.TERMINATED;
      queue.drainTo(dropped);
      for (int i = 0; i < slots.size(); i++) {
        queue.addLast(poison);
      }
    }
    for (Job<W> job : dropped) {
      cancelRest(job);
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

  private <R> void succeed(Item<W, R> item, Object result) {
    @SuppressWarnings("unchecked")
    R r = (R) result;
    results.execute(() -> item.future.complete(r));
  }

  private void fail(Item<W, ?> item, Throwable failure) {
    results.execute(() -> item.future.completeExceptionally(failure));
  }

  /**
   * Cancels the items of {@code job} that have not run to an outcome, on the result thread as
   * every other completion, so that their callbacks run there too (not on the thread calling
   * {@link #terminate()} or feeding a worker, at the same time as other callbacks).
   */
  private void cancelRest(Job<?> job) {
    for (int i = job.next; i < job.items.size(); i++) {
      CompletableFuture<?> future = job.items.get(i).future;
      // cancelled (isCancelled() is true), with a message instead of cancel()'s none
      onResultThread(() -> future.completeExceptionally(new java.util.concurrent.CancellationException(
          name + " was terminated before the task finished")));
    }
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
          Job<W> job = queue.takeFirst();
          if (job == poison) {
            break;
          }
          if (!job.advance()) {
            continue;
          }
          if (state == State.TERMINATED) {
            cancelRest(job);
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

    /**
     * Runs the job's items from its next one, in order, on this slot's worker. A failure of an
     * item's task is that item's outcome and the next item runs; a worker that dies or times out
     * ends the job here: the item it was running fails (or, after a death, runs again if retries
     * allow) and the rest of the job is queued again at the front, for a new worker.
     */
    private void runJob(Job<W> job) {
      Worker<W> w = worker;
      if (w != null && !w.healthy()) {
        worker = null; // died while idle: not this task's doing
        discard(w);
        w = null;
      }
      if (w == null) {
        w = startWorker();
        if (w == null) {
          Item<W, ?> item = job.items.get(job.next);
          item.attempts++;
          failAttempt(job, item, new WorkerDiedException("no worker JVM could be started for the task: "
              + startFailure.getMessage(), -1, startFailure));
          return;
        }
      }
      while (job.advance()) {
        if (state == State.TERMINATED) {
          cancelRest(job);
          return;
        }
        Item<W, ?> item = job.items.get(job.next);
        item.attempts++;
        Object result;
        try {
          result = item.task.call(w.proxy());
        } catch (Throwable e) {
          Throwable cause = unwrap(e);
          if (state == State.TERMINATED) {
            worker = null;
            discard(w);
            cancelRest(job);
            return;
          }
          if (cause instanceof ProtocolException) {
            // what the worker sent broke the protocol (a class compiled differently for the two
            // JVMs, say): the connection is gone, and the task would fail the same way again
            replace(w, job, item, cause);
            return;
          }
          if (cause instanceof ConnectionLostException || cause instanceof ManagerClosedException || !w.healthy()) {
            worker = null;
            String status = discard(w);
            long pid = w.process().pid();
            failAttempt(job, item, new WorkerDiedException("worker JVM pid " + pid + " died while running the task (" + status + ")"
                + (config.retries > 0 ? "; no retries left after " + item.attempts + " attempts" : ""), pid, e));
            if (state == State.RUNNING) {
              startWorker();
            }
            return;
          }
          if (cause instanceof CallTimeoutException) {
            long pid = w.process().pid();
            replace(w, job, item, new CallTimeoutException("the task's call to its worker did not complete within the task timeout, "
                + config.taskTimeout + "; the pool killed worker JVM pid " + pid + " and starts another", cause));
            return;
          }
          fail(item, cause);
          job.next++;
          continue;
        }
        succeed(item, result);
        job.next++;
      }
      afterTask(w);
    }

    /**
     * Fails {@code item} with {@code failure}, for good (no retry: it would fail the same way), and
     * replaces the worker, which may still be busy with it: it is killed.
     */
    private void replace(Worker<W> w, Job<W> job, Item<W, ?> item, Throwable failure) {
      worker = null;
      w.client().close();
      w.process().kill();
      awaitExit(w.process(), KILL_WAIT);
      fail(item, failure);
      job.next++;
      requeueRest(job);
      if (state == State.RUNNING) {
        startWorker();
      }
    }

    /** After a worker died under {@code item}: runs it again if retries allow, else fails it. */
    private void failAttempt(Job<W> job, Item<W, ?> item, WorkerDiedException failure) {
      if (item.attempts <= config.retries && state != State.TERMINATED) {
        queue.addFirst(job);
      } else {
        fail(item, failure);
        job.next++;
        requeueRest(job);
      }
    }

    /** Queues what is left of a job that this slot cannot go on with, ahead of everything else. */
    private void requeueRest(Job<W> job) {
      if (job.advance()) {
        queue.addFirst(job);
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

    /**
     * How many worker JVMs; default the number of processors.
     *
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
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
     *
     * @throws IllegalArgumentException if it is negative or longer than 36,500 days
     */
    public Builder<W> taskTimeout(Duration timeout) {
      this.taskTimeout = Waits.notNegative(Objects.requireNonNull(timeout, "timeout"), "task timeout");
      return this;
    }

    /**
     * How long a worker JVM may take to start and become ready; default 60 s.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder<W> startTimeout(Duration timeout) {
      this.startTimeout = Waits.positive(Objects.requireNonNull(timeout, "timeout"), "start timeout");
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
