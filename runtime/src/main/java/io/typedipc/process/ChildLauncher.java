package io.typedipc.process;

import io.typedipc.LoggerNames;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of every child JVM that {@link ChildProcess} starts; not meant to be run by hand.
 *
 * <p>It reads the bootstrap (entry class, arguments, Manager addresses and auth keys, handles) from
 * the first lines of stdin, then keeps reading stdin in the background: when stdin reaches its end
 * — the parent closed it or died — the JVM exits with {@link ChildProcess#EXIT_STDIN_CLOSED}, so a
 * child never outlives its parent. {@code System.in} is empty for the entry. The command line
 * names the entry class only, for {@code ps}; the auth key never appears on it.
 */
public final class ChildLauncher {
  /** A stdout line starting with this is a message to the parent ({@link #announce}), not output. */
  static final String ANNOUNCE = "\u0001typedipc-ready ";

  /** A stdin line from the parent that asks the child to stop cleanly (see {@link #onStop}). */
  static final String STOP = "\u0001typedipc-stop";

  private static final long HALT_AFTER_MILLIS = 5_000;

  private static final Logger LOG = System.getLogger(LoggerNames.PROCESS);

  /** What the stop line runs; null: the child has no clean stop and ignores it. */
  private static volatile Runnable stopAction;

  /**
   * Installs what the parent's stop request ({@link ChildProcess#requestStop}) runs: it should make
   * the entry return, so that the child exits 0. Runs on the thread that watches stdin.
   */
  static void onStop(Runnable action) {
    stopAction = action;
  }

  private ChildLauncher() {}

  /**
   * Entry point of the child JVM.
   *
   * @param args the entry class name, informative only (the bootstrap on stdin is what counts)
   */
  public static void main(String[] args) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Bootstrap bootstrap;
    try {
      bootstrap = Bootstrap.read(in);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "typedipc child: cannot read the bootstrap from stdin: " + e.getMessage());
      System.exit(ChildProcess.EXIT_LAUNCH_FAILED);
      return;
    }
    System.setIn(new ByteArrayInputStream(new byte[0]));
    watchParent(in);

    Class<?> entry;
    List<Class<?>> registered = new ArrayList<>();
    try {
      entry = EntryClasses.load(bootstrap.entryClass());
      for (String name : bootstrap.registered()) {
        registered.add(EntryClasses.load(name));
      }
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.log(Level.WARNING, "typedipc child: cannot load " + e.getMessage() // the user's class path: not a fault of typedipc
          + " (is it on the child's classpath? java.class.path=" + System.getProperty("java.class.path") + ")");
      System.exit(ChildProcess.EXIT_LAUNCH_FAILED);
      return;
    }
    ChildContext context = new ChildContext(bootstrap, List.copyOf(registered));
    ChildContext.install(context);

    int status = 0;
    try {
      if (bootstrap.mainEntry()) {
        Method main = EntryClasses.mainMethod(entry);
        if (main == null) {
          throw new IllegalArgumentException(entry.getName() + " has no public static void main(String[])");
        }
        try {
          main.setAccessible(true); // a class that is not public, as the java launcher runs it
        } catch (RuntimeException e) {
          // a module that does not open it: invoke says why
        }
        try {
          main.invoke(null, (Object) bootstrap.args().toArray(new String[0]));
        } catch (InvocationTargetException e) {
          throw EntryClasses.rethrow(e.getCause());
        }
      } else {
        ProcessEntry target = (ProcessEntry) EntryClasses.instantiate(entry);
        target.run(context);
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "typedipc child " + entry.getName() + " failed", t); // the user's entry threw
      status = ChildProcess.EXIT_ENTRY_FAILED;
    }
    try {
      context.close();
    } catch (RuntimeException ignored) {
      // exiting anyway
    }
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }

  /** Sends {@code value} to the parent (see {@link ChildProcess#awaitAnnouncement}). */
  static void announce(String value) {
    synchronized (System.out) {
      System.out.println(ANNOUNCE + value);
      System.out.flush();
    }
  }

  private static void watchParent(BufferedReader in) {
    Thread watcher = new Thread(() -> {
      try {
        String line;
        while ((line = in.readLine()) != null) {
          Runnable stop = stopAction;
          if (line.equals(STOP) && stop != null) { // the parent closes cleanly: the entry returns
            Thread stopper = new Thread(stop, "typedipc-child-stop");
            stopper.setDaemon(true);
            stopper.start();
          }
          // anything else: only the end of stdin matters
        }
      } catch (IOException e) {
        // the pipe broke: the parent is gone too
      }
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException ignored) {
          // halt now
        }
        Runtime.getRuntime().halt(ChildProcess.EXIT_STDIN_CLOSED); // a shutdown hook hangs
      }, "typedipc-child-halt");
      halt.setDaemon(true);
      halt.start();
      System.exit(ChildProcess.EXIT_STDIN_CLOSED);
    }, "typedipc-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
