package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.typedipc.ConnectionLostException;
import io.typedipc.LoggerNames;
import io.typedipc.channel.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the reconnect tests share: waiting for a child Manager, for a client's state, for its log. */
final class Reconnects {
  private Reconnects() {}

  static final Duration START = Duration.ofSeconds(60);

  static int port(ChildJvm manager) throws InterruptedException {
    return Integer.parseInt(manager.awaitLine("PORT", START));
  }

  static void assertLost(CompletableFuture<?> call) throws InterruptedException {
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionLostException.class, e.getCause());
  }

  /** Polls {@code condition} with a deadline (a state change of the client in the background). */
  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(10); // polling with a deadline, not synchronisation
    }
  }

  /** The records of the {@value LoggerNames#CLIENT} logger while open. */
  static final class ClientLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(LoggerNames.CLIENT); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    ClientLog() {
      logger.addHandler(this);
    }

    boolean has(Level level, String text) {
      return records.stream().anyMatch(r -> r.getLevel() == level && r.getMessage().contains(text));
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  /** Records the texts received. */
  static final class Recorder implements Events {
    final List<String> texts = new ArrayList<>();

    @Override
    public void item(int producer, long seq) {}

    @Override
    public void text(String text) {
      texts.add(text);
    }

    @Override
    public void payload(byte[] data) {}

    @Override
    public void unregistered(io.typedipc.channel.Shape value) {}
  }
}
