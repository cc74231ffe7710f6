package io.typedipc.process;

import io.typedipc.ChannelHandle;
import io.typedipc.PipeListener;
import io.typedipc.internal.HandleAccess;
import io.typedipc.internal.Waits;
import io.typedipc.internal.builtin.BuiltinFacade;
import io.typedipc.internal.client.ClientConfig;
import io.typedipc.internal.client.RemoteHandle;
import io.typedipc.process.Bootstrap.HandleRef;
import io.typedipc.process.Bootstrap.ManagerRef;
import io.typedipc.process.Bootstrap.PipeRef;
import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.RemoteObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A child JVM running an entry point, with handles to shared objects, channels and pipe ends —
 * Python's {@code Process(target=f, args=(d, l)).start()}.
 *
 * <pre>{@code
 * Counter counter = client.shared(Counter.class, "counter");
 * ChildProcess child = ChildProcess.builder(IncrementTen.class)   // implements ProcessEntry
 *     .handle("counter", counter)                                  // the child gets a proxy
 *     .handle("lock", client.lock("lock"))                         // built-ins: map, list, lock, queue, …
 *     .handle("orders", client.channel(Orders.class, "orders"))    // a ChannelHandle
 *     .pipe("conn", listener)                                      // a pipe end: Pipe.listen(...)
 *     .start();
 * int status = child.join();                                       // 0: run(...) returned
 * }</pre>
 *
 * <p>The entry is a class implementing {@link ProcessEntry} (with a no-arg constructor) or a class
 * with {@code public static void main(String[])}. The child runs the same {@code java} with the
 * same classpath as this JVM unless told otherwise. Everything it needs — arguments, Manager
 * addresses, auth keys, handles — goes through its stdin, never its command line. Its stdin then
 * stays open: when it reaches its end (this JVM called {@link #close()}, or died, even by {@code
 * kill -9}) the child exits with {@link #EXIT_STDIN_CLOSED}, so it never outlives its parent.
 *
 * <p>The child's stdout and stderr go to this JVM's {@code System.out} and {@code System.err}, a
 * line at a time with an optional prefix ({@link Builder#outputPrefix}), or are captured for
 * {@link #output()} ({@link Builder#captureOutput()}).
 *
 * <p>Exit status: 0 when the entry returned, {@link #EXIT_ENTRY_FAILED} when it threw (the stack
 * trace is in the output), {@link #EXIT_LAUNCH_FAILED} when the child could not start the entry
 * (a JVM that cannot start at all — an unknown JVM option, a heap size it refuses, typedipc's
 * runtime missing from the classpath — exits with the {@code java} launcher's own status, 1, and
 * says why in the output),
 * {@link #EXIT_STDIN_CLOSED} when its stdin was closed first, whatever the entry passed to {@code
 * System.exit}, or 128 + the signal number after {@link #terminate()} (143) or {@link #kill()}
 * (137) on Unix. The child exits when its entry returns, even if it started other threads.
 *
 * <p>Thread-safe.
 */
public final class ChildProcess implements AutoCloseable {

  /** Exit status when the entry threw an exception. */
  public static final int EXIT_ENTRY_FAILED = 1;

  /**
   * Exit status when the child JVM started but could not read its bootstrap or load its classes
   * (the entry's, or those registered). A JVM that does not start exits with the {@code java}
   * launcher's status, 1, as {@link #EXIT_ENTRY_FAILED}: the output tells them apart.
   */
  public static final int EXIT_LAUNCH_FAILED = 2;

  /** Exit status when the child's stdin closed (the parent closed it or died) before the entry ended. */
  public static final int EXIT_STDIN_CLOSED = 3;

  private static final int TAIL_LINES = 40;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final String description;
  private final OutputStream stdin;
  private final StringBuilder captured;
  private final Deque<String> tail = new ArrayDeque<>();
  private final List<Thread> pumps = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> announcement = new CompletableFuture<>();
  /** Completed by a thread started on the first {@link #onExit()}. */
  private final CompletableFuture<ChildProcess> exit = new CompletableFuture<>();
  private final AtomicBoolean exitWatched = new AtomicBoolean();

  private ChildProcess(Process process, String description, boolean capture, String prefix) {
    this.process = process;
    this.description = description + " (pid " + process.pid() + ")";
    this.stdin = process.getOutputStream();
    this.captured = capture ? new StringBuilder() : null;
    pumps.add(pump(process.getInputStream(), System.out, prefix, true));
    if (!capture) {
      pumps.add(pump(process.getErrorStream(), System.err, prefix, false));
    }
  }

  /**
   * A builder for a child running {@code entryClass}: a {@link ProcessEntry} with a no-arg
   * constructor, or a class with {@code public static void main(String[])}.
   *
   * @throws IllegalArgumentException if it is neither, saying what to add
   */
  public static Builder builder(Class<?> entryClass) {
    Objects.requireNonNull(entryClass, "entryClass");
    boolean typed = ProcessEntry.class.isAssignableFrom(entryClass);
    if (typed) {
      EntryClasses.checkInstantiable(entryClass, "a ProcessEntry");
    } else if (EntryClasses.mainMethod(entryClass) == null) {
      throw new IllegalArgumentException(entryClass.getName() + " can be no child's entry: it neither implements "
          + ProcessEntry.class.getName() + " nor has a public static void main(String[])");
    }
    return new Builder(entryClass, !typed);
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The child's exit status, or empty while it runs. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  /**
   * Waits for the child to exit and for the last of its output, and returns its exit status.
   *
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public int join() throws InterruptedException {
    int status = process.waitFor();
    drainOutput();
    return status;
  }

  /**
   * Waits at most {@code timeout} for the child to exit (zero or negative: only looks; one too long
   * to count in nanoseconds: for ever); returns whether it did.
   *
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public boolean join(Duration timeout) throws InterruptedException {
    if (!process.waitFor(Waits.nanos(timeout, "timeout"), TimeUnit.NANOSECONDS)) {
      return false;
    }
    drainOutput();
    return true;
  }

  /** Asks the child to stop (SIGTERM on Unix: its shutdown hooks run). Returns at once. */
  public void terminate() {
    process.toHandle().destroy(); // unlike Process.destroy, leaves stdin open: the exit status stays 143
  }

  /** Stops the child at once (SIGKILL on Unix). Returns at once; use {@link #join} to wait. */
  public void kill() {
    process.toHandle().destroyForcibly();
  }

  /**
   * Completes with this child when it has exited, on a thread of this child's (dependent actions
   * without {@code Async} added before then run there; added to a future already complete, they
   * run at once on the thread adding them, as for any {@code CompletableFuture}). Not on the common
   * fork-join pool, where the JDK's {@link
   * Process#onExit()} completes its futures: an application that keeps that pool's workers busy
   * (one worker on two CPUs) would otherwise never see its children exit. Each call returns a new
   * future.
   */
  public CompletableFuture<ChildProcess> onExit() {
    if (exitWatched.compareAndSet(false, true)) {
      Thread watcher = new Thread(() -> {
        while (true) {
          try {
            process.waitFor();
            break;
          } catch (InterruptedException e) {
            // nobody interrupts this thread but to stop the JVM: wait on
          }
        }
        exit.complete(this);
      }, "typedipc-child-exit-" + process.pid());
      watcher.setDaemon(true);
      watcher.start();
    }
    return exit.copy();
  }

  /**
   * Everything the child wrote to stdout and stderr so far (merged); complete after {@link #join}.
   *
   * @throws IllegalStateException unless the builder asked for {@link Builder#captureOutput()}
   */
  public String output() {
    if (captured == null) {
      throw new IllegalStateException("the output of " + description
          + " was forwarded, not captured; ask for it with ChildProcess.Builder.captureOutput()");
    }
    synchronized (captured) {
      return captured.toString();
    }
  }

  /**
   * Closes the child's stdin, which makes it exit ({@link #EXIT_STDIN_CLOSED}) if it still runs,
   * waits up to 10 s for that, then kills it. Returns when it has exited. Idempotent.
   */
  @Override
  public void close() {
    closeStdin();
    boolean interrupted = false;
    try {
      if (!process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      process.destroyForcibly();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "ChildProcess[" + description + (process.isAlive() ? "" : ", exited " + process.exitValue()) + "]";
  }

  /**
   * Asks the child to stop cleanly: writes the stop line ({@link ChildLauncher#STOP}) to its stdin,
   * which runs the stop action its entry installed ({@link ChildLauncher#onStop}); a child without
   * one ignores it. Returns at once; false if the child's stdin is closed already.
   */
  boolean requestStop() {
    try {
      synchronized (stdin) {
        stdin.write((ChildLauncher.STOP + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      return true;
    } catch (IOException e) {
      return false; // the child is gone already, or closing
    }
  }

  /** Closes the child's stdin; a child started by this class then exits. */
  void closeStdin() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // the child is gone already
    }
  }

  /**
   * Waits for the child's first {@link ChildLauncher#announce} and returns its value.
   *
   * @throws ChildProcessException if the child exits first or does not announce in time (it is
   *     then killed), with its last output
   */
  String awaitAnnouncement(Duration timeout) throws InterruptedException {
    try {
      return announcement.get(Waits.nanos(timeout, "timeout"), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw (ChildProcessException) e.getCause();
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new ChildProcessException(description + " was not ready within " + timeout + "; its last output:\n" + tail());
    }
  }

  /** The last lines of the child's output, for error messages. */
  String tail() {
    synchronized (tail) {
      return tail.isEmpty() ? "  (none)" : "  " + String.join("\n  ", tail);
    }
  }

  /** Stdout ended without an announcement: the child is exiting; say how it ended. */
  private void failAnnouncement() {
    try {
      process.waitFor();
      for (Thread pump : pumps) {
        if (pump != Thread.currentThread()) {
          pump.join(TimeUnit.SECONDS.toMillis(2));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String status = process.isAlive() ? "closed its stdout" : "exited with status " + process.exitValue();
    announcement.completeExceptionally(new ChildProcessException(description + " " + status
        + " before it was ready; its last output:\n" + tail()));
  }

  private void drainOutput() throws InterruptedException {
    for (Thread pump : pumps) {
      pump.join(TimeUnit.SECONDS.toMillis(5));
    }
  }

  private Thread pump(InputStream stream, PrintStream forward, String prefix, boolean announcements) {
    Thread t = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, outputCharset()))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (announcements && line.startsWith(ChildLauncher.ANNOUNCE)) {
            announcement.complete(line.substring(ChildLauncher.ANNOUNCE.length()));
            continue;
          }
          synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
              tail.removeFirst();
            }
            tail.addLast(line);
          }
          if (captured != null) {
            synchronized (captured) {
              captured.append(line).append('\n');
            }
          } else {
            forward.println(prefix + line);
          }
        }
      } catch (IOException e) {
        // the child is gone; what was read is kept
      }
      if (announcements && !announcement.isDone()) {
        failAnnouncement();
      }
    }, "typedipc-child-output-" + process.pid());
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static Charset outputCharset() {
    String name = System.getProperty("native.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /**
   * Configures and starts a {@link ChildProcess}. Not thread-safe. Every option has a default: the
   * same {@code java} ({@code java.home}) and classpath ({@code java.class.path}) as this JVM, no
   * extra JVM options, this JVM's environment and working directory, output forwarded.
   */
  public static final class Builder {
    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgGtT]?");

    private final Class<?> entryClass;
    private final boolean mainEntry;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<ManagerRef> managers = new ArrayList<>();
    private final Map<String, HandleRef> named = new LinkedHashMap<>();
    private final List<HandleRef> positional = new ArrayList<>();
    private final Map<String, PipeRef> pipes = new LinkedHashMap<>();
    private final List<String> registered = new ArrayList<>();
    private String maxHeap;
    private Path workingDirectory;
    private Path javaExecutable;
    private String classpath;
    private boolean capture;
    private String prefix = "";

    private Builder(Class<?> entryClass, boolean mainEntry) {
      this.entryClass = entryClass;
      this.mainEntry = mainEntry;
    }

    /**
     * Appends string arguments: the {@code String[]} of a {@code main} entry, {@link
     * ChildContext#args()} of a {@link ProcessEntry}. They travel through stdin, not the command
     * line.
     */
    public Builder args(String... values) {
      for (String v : values) {
        args.add(Objects.requireNonNull(v, "argument"));
      }
      return this;
    }

    /**
     * Hands the child the shared object or channel behind {@code handle} under {@code name}. The
     * child reaches it through {@link ChildContext}, connected to the same Manager with the same
     * auth key, call timeout and frame limit, with no wiring of its own:
     *
     * <ul>
     *   <li>a proxy from {@link io.typedipc.ManagerClient#shared} (or {@code withTimeout}), and the
     *       built-in containers ({@code client.map(…)}, {@code list}, {@code value}, {@code
     *       intArray}, {@code longArray}, {@code doubleArray}, {@code namespace}): {@link
     *       ChildContext#shared(Class, String) ctx.shared(SharedMap.class, name)}, a proxy of the
     *       same interface (and deadline);
     *   <li>the built-in synchronizers and queues ({@code client.lock(…)}, {@code rlock}, {@code
     *       condition}, a lock's {@code condition(name)}, {@code semaphore}, {@code
     *       boundedSemaphore}, {@code event}, {@code barrier}, {@code queue}, {@code
     *       joinableQueue}): also {@code ctx.shared(SharedLock.class, name)} and so on, the same
     *       object in the Manager (a queue keeps its element class); the child's threads are
     *       owners of their own, as in any other client;
     *   <li>a {@link ChannelHandle} from {@link io.typedipc.ManagerClient#channel}: {@link
     *       ChildContext#channel(String, Class) ctx.channel(name, Type.class)}, a handle on the same
     *       channel, from which the child makes producers and consumers. Hand the handle, not a
     *       producer proxy.
     * </ul>
     *
     * @throws IllegalArgumentException if it is none of these (e.g. a local object, a channel
     *     producer, a pipe end — use {@link #pipe}), the name is taken, or its client uses TLS
     *     (not supported for handles yet)
     */
    public Builder handle(String name, Object handle) {
      Objects.requireNonNull(name, "name");
      if (named.containsKey(name) || pipes.containsKey(name)) {
        throw new IllegalArgumentException("a handle or pipe named '" + name + "' was given already");
      }
      named.put(name, ref(handle));
      return this;
    }

    /**
     * Appends positional handles, which the child gets with {@link ChildContext#handle(int,
     * Class)} (the first given is 0), or {@link ChildContext#channel(int, Class)} for channel
     * handles — Python's {@code args=(d, l)}. Each may be anything {@link #handle(String, Object)}
     * takes.
     *
     * @throws IllegalArgumentException as {@link #handle(String, Object)}
     */
    public Builder handles(Object... handles) {
      for (Object h : handles) {
        positional.add(ref(h));
      }
      return this;
    }

    /**
     * Hands the child the other end of a pipe — Python's {@code parent_conn, child_conn = Pipe();
     * Process(target=f, args=(child_conn,))}. This JVM made {@code listener} with {@link
     * io.typedipc.Pipe#listen} and keeps its end: after {@link #start()} it calls {@code
     * listener.accept(timeout)}. The child gets its end with {@link ChildContext#pipe(String,
     * Class, Class) ctx.pipe(name, Sends.class, Receives.class)}, where it sends what the listener
     * receives and receives what it sends; that call connects to the listener (address and auth key
     * come through the child's stdin, never its command line). Classes the messages carry beyond
     * the interfaces must be passed with {@link #register} too. A pipe end the child did not close
     * is closed when its entry returns, so this end then sees the end of the stream.
     *
     * @throws IllegalArgumentException if the name is taken
     * @throws IllegalStateException if the listener is closed or has accepted already
     */
    public Builder pipe(String name, PipeListener<?, ?> listener) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(listener, "listener");
      if (named.containsKey(name) || pipes.containsKey(name)) {
        throw new IllegalArgumentException("a handle or pipe named '" + name + "' was given already");
      }
      HandleAccess.PipeOffer offer = HandleAccess.offer(listener);
      pipes.put(name, new PipeRef(offer.token(), offer.key().toBase64(), offer.listenerReceives().getName(),
          offer.listenerSends().getName()));
      return this;
    }

    /**
     * Classes the child's clients allow on the wire beyond what the interfaces declare, as {@link
     * io.typedipc.ManagerClient.Builder#register} (e.g. the values of a {@code Box<T>} handle).
     */
    public Builder register(Class<?>... types) {
      for (Class<?> t : types) {
        registered.add(Objects.requireNonNull(t, "type").getName());
      }
      return this;
    }

    /** Appends JVM options ({@code -XX:…}, {@code -ea}, …), placed before the main class. */
    public Builder jvmOptions(String... options) {
      for (String o : options) {
        jvmOptions.add(Objects.requireNonNull(o, "option"));
      }
      return this;
    }

    /**
     * The child's maximum heap, as for {@code -Xmx}: {@code "256m"}, {@code "2g"}.
     *
     * @throws IllegalArgumentException if it is not a number above zero with an optional k, m, g
     *     or t
     */
    public Builder maxHeap(String size) {
      if (!HEAP_SIZE.matcher(Objects.requireNonNull(size, "size")).matches()) {
        throw new IllegalArgumentException("heap size '" + size + "' is not like 512m or 2g");
      }
      if (size.chars().takeWhile(Character::isDigit).allMatch(c -> c == '0')) {
        throw new IllegalArgumentException("heap size '" + size + "' is zero; the child JVM would not start");
      }
      this.maxHeap = size;
      return this;
    }

    /** Sets a system property in the child ({@code -Dname=value}; visible on its command line). */
    public Builder systemProperty(String name, String value) {
      if (Objects.requireNonNull(name, "name").isEmpty() || name.contains("=")) {
        throw new IllegalArgumentException("'" + name + "' is not a system property name");
      }
      systemProperties.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets an environment variable of the child (the others are inherited from this JVM). */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * The child's working directory; default this JVM's. The default classpath's relative entries
     * are made absolute against this JVM's working directory first, so the child finds its classes.
     */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The {@code java} executable; default {@code ${java.home}/bin/java}. */
    public Builder javaExecutable(Path java) {
      this.javaExecutable = Objects.requireNonNull(java, "java");
      return this;
    }

    /**
     * The child's classpath; default {@code java.class.path} of this JVM. It must hold the
     * typedipc runtime, Kryo and the entry class.
     */
    public Builder classpath(String path) {
      this.classpath = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Captures the child's stdout and stderr, merged, for {@link ChildProcess#output()} instead of
     * forwarding them.
     */
    public Builder captureOutput() {
      this.capture = true;
      return this;
    }

    /** Puts {@code prefix} before every forwarded line of the child's output; default none. */
    public Builder outputPrefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The command line the child will run (it holds no key). */
    List<String> command() {
      List<String> command = new ArrayList<>();
      Path java = javaExecutable != null ? javaExecutable : Path.of(System.getProperty("java.home"), "bin", "java");
      command.add(java.toString());
      command.addAll(jvmOptions);
      if (maxHeap != null) {
        command.add("-Xmx" + maxHeap);
      }
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      command.add("-cp");
      command.add(classpath != null ? classpath : absolute(System.getProperty("java.class.path")));
      command.add(ChildLauncher.class.getName());
      command.add(entryClass.getName());
      return command;
    }

    /**
     * This JVM's classpath with each relative entry made absolute against this JVM's working
     * directory, so a child given another {@link #workingDirectory} still finds its classes. A
     * wildcard entry ({@code lib/*}) keeps its wildcard; an empty entry is the working directory.
     */
    static String absolute(String classpath) {
      List<String> entries = new ArrayList<>();
      for (String entry : classpath.split(Pattern.quote(File.pathSeparator), -1)) {
        boolean wildcard = entry.equals("*") || entry.endsWith(File.separator + "*");
        String path = wildcard ? entry.substring(0, entry.length() - 1) : entry;
        String absolute = Path.of(path.isEmpty() ? "." : path).toAbsolutePath().normalize().toString();
        entries.add(wildcard ? absolute + File.separator + "*" : absolute);
      }
      return String.join(File.pathSeparator, entries);
    }

    /**
     * Starts the child and hands it its bootstrap; returns without waiting for the entry to run.
     *
     * @throws UncheckedIOException if the {@code java} executable cannot be started
     */
    public ChildProcess start() {
      ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(capture);
      pb.environment().putAll(environment);
      if (workingDirectory != null) {
        pb.directory(workingDirectory.toFile());
      }
      Bootstrap bootstrap = new Bootstrap(entryClass.getName(), mainEntry, List.copyOf(args), List.copyOf(registered),
          List.copyOf(managers), new LinkedHashMap<>(named), List.copyOf(positional), new LinkedHashMap<>(pipes));
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a child JVM with " + pb.command().get(0) + ": " + e.getMessage(), e);
      }
      ChildProcess child = new ChildProcess(process, entryClass.getSimpleName(), capture, prefix);
      try {
        child.stdin.write(bootstrap.encode().getBytes(StandardCharsets.UTF_8));
        child.stdin.flush();
      } catch (IOException e) {
        // the child died at once; its exit status and output say why
      }
      return child;
    }

    private HandleRef ref(Object handle) {
      Objects.requireNonNull(handle, "handle");
      String kind;
      String interfaceName;
      String detail = null;
      RemoteHandle remote;
      if (handle instanceof ChannelHandle<?> channel) {
        kind = HandleRef.CHANNEL;
        interfaceName = channel.type().getName();
        remote = remoteHandle(HandleAccess.access(channel).serviceProxy(), handle);
      } else if (handle instanceof BuiltinFacade<?> facade) {
        kind = HandleRef.BUILTIN;
        remote = remoteHandle(facade.wireProxy(), handle);
        interfaceName = facade.kind().wireType().getName();
        Object d = facade.detail();
        detail = d instanceof Class<?> c ? c.getName() : (String) d;
      } else {
        kind = HandleRef.SHARED;
        remote = remoteHandle(handle, handle);
        interfaceName = remote.descriptor().type().getName();
      }
      return new HandleRef(kind, manager(remote.config(), handle), remote.name(), interfaceName, remote.timeoutNanos(), detail);
    }

    private static RemoteHandle remoteHandle(Object proxy, Object handle) {
      RemoteObject remote = AbstractProxy.remoteOf(proxy);
      if (remote instanceof RemoteHandle h) {
        return h;
      }
      throw new IllegalArgumentException("cannot hand " + handle.getClass().getName() + " to a child: hand it a proxy from"
          + " ManagerClient.shared(...), a built-in object from the ManagerClient (map, list, lock, queue, …), or a"
          + " ChannelHandle from ManagerClient.channel(...) (not a channel producer); for a pipe use"
          + " ChildProcess.Builder.pipe(name, listener)");
    }

    /** The index of the Manager {@code c} connects to among the child's, added if new. */
    private int manager(ClientConfig c, Object handle) {
      if (c.tls() != null) {
        throw new IllegalArgumentException("cannot hand " + handle + " to a child: its client uses TLS,"
            + " which child processes do not support yet; connect the child to the Manager yourself");
      }
      String key = c.authKey().toBase64();
      int index = -1;
      for (int i = 0; i < managers.size(); i++) {
        ManagerRef m = managers.get(i);
        if (m.host().equals(c.host()) && m.port() == c.port() && m.keyBase64().equals(key)) {
          index = i;
          break;
        }
      }
      if (index < 0) {
        managers.add(new ManagerRef(c.host(), c.port(), key, c.callTimeoutNanos(), c.maxFrame(),
            c.connectTimeout().toMillis(), c.handshakeTimeout().toMillis(), c.sharedMemory(), c.lowLatency(),
            c.blockingReads(), c.maxPendingCalls()));
        index = managers.size() - 1;
      }
      return index;
    }
  }
}
