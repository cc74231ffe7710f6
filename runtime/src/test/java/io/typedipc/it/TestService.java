package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The shared interface the runtime's cross-JVM tests call. */
@Shared
public interface TestService {
  int increment();

  int get();

  CompletableFuture<Integer> incrementAsync();

  String echo(String s);

  byte[] echoBytes(byte[] bytes);

  List<Item> items(Map<String, Integer> stock);

  int reserve(String sku, int quantity) throws OutOfStockException;

  void failUnchecked(String message);

  void sleep(long millis);

  CompletableFuture<String> later(long millis, String value);

  /** Runs on the client, calling remote methods. */
  default int incrementTwice() {
    increment();
    return increment();
  }
}
