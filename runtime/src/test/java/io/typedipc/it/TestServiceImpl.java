package io.typedipc.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deliberately not thread-safe: serial dispatch must make it safe. */
public class TestServiceImpl implements TestService {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-service-timer");
    t.setDaemon(true);
    return t;
  });

  private int counter;
  private int stock = 10;

  @Override
  public int increment() {
    int next = counter + 1;
    Thread.onSpinWait(); // widen the window a racy implementation would lose updates in
    counter = next;
    return next;
  }

  @Override
  public int get() {
    return counter;
  }

  @Override
  public CompletableFuture<Integer> incrementAsync() {
    return CompletableFuture.completedFuture(increment());
  }

  @Override
  public String echo(String s) {
    return s;
  }

  @Override
  public byte[] echoBytes(byte[] bytes) {
    return bytes;
  }

  @Override
  public List<Item> items(Map<String, Integer> stock) {
    List<Item> items = new ArrayList<>();
    stock.forEach((sku, n) -> items.add(new Item(sku, n, sku.startsWith("t") ? Item.Kind.TOOL : Item.Kind.FRUIT)));
    return items;
  }

  @Override
  public int reserve(String sku, int quantity) throws OutOfStockException {
    if (quantity > stock) {
      throw new OutOfStockException(sku, stock);
    }
    stock -= quantity;
    return stock;
  }

  @Override
  public void failUnchecked(String message) {
    throw new IllegalStateException(message);
  }

  @Override
  public void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public CompletableFuture<String> later(long millis, String value) {
    CompletableFuture<String> result = new CompletableFuture<>();
    TIMER.schedule(() -> result.complete(value), millis, TimeUnit.MILLISECONDS);
    return result;
  }
}
