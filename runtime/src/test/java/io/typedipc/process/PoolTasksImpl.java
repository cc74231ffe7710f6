package io.typedipc.process;

import io.typedipc.it.OutOfStockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

public class PoolTasksImpl implements PoolTasks {
  String initialized = "none";
  private int slowCalls;

  @Override
  public int square(int x) {
    return x * x;
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public String initialized() {
    return initialized;
  }

  @Override
  public int failUnchecked(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public int reserve(int quantity) throws OutOfStockException {
    if (quantity > 10) {
      throw new OutOfStockException("apple", 10);
    }
    return 10 - quantity;
  }

  @Override
  public int hangAfterMarking(String marker) {
    writePid(marker);
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  @Override
  public int crashOnce(String marker) {
    if (Files.exists(Path.of(marker))) {
      return 42;
    }
    writePid(marker);
    Runtime.getRuntime().halt(99);
    return -1;
  }

  @Override
  public int slowSquare(int x, long millis) {
    slowCalls++;
    try {
      Thread.sleep(millis); // the work itself, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return x * x;
  }

  @Override
  public int slowCalls() {
    return slowCalls;
  }

  private static void writePid(String marker) {
    try {
      Path tmp = Path.of(marker + ".tmp");
      Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
      Files.move(tmp, Path.of(marker)); // appears whole
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
