package com.example;

import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.DeclaredException;
import io.typedipc.spi.RemoteObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.annotation.processing.Generated;

/**
 * Client-side proxy of {@link Inventory}: sends every call to the object in the Manager.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
final class Inventory_Proxy extends AbstractProxy implements Inventory {
  private static final Object[] NO_ARGS = {};

  Inventory_Proxy(RemoteObject remote) {
    super(remote);
  }

  @Override
  public int reserve(String sku, int qty) throws OutOfStockException {
    try {
      return this.remote.call(Inventory_Binding.RESERVE_STRING_INT, new Object[] {sku, qty});
    } catch (DeclaredException e) {
      e.rethrowIf(OutOfStockException.class);
      throw e.unexpected();
    }
  }

  @Override
  public int reserve(String sku) throws OutOfStockException {
    try {
      return this.remote.call(Inventory_Binding.RESERVE_STRING, new Object[] {sku});
    } catch (DeclaredException e) {
      e.rethrowIf(OutOfStockException.class);
      throw e.unexpected();
    }
  }

  @Override
  public Map<String, Integer> snapshot() {
    return this.remote.call(Inventory_Binding.SNAPSHOT, NO_ARGS);
  }

  @Override
  public CompletableFuture<Integer> countAsync(String sku) {
    return this.remote.callAsync(Inventory_Binding.COUNT_ASYNC, new Object[] {sku});
  }

  @Override
  public void clear() {
    this.remote.call(Inventory_Binding.CLEAR, NO_ARGS);
  }

  @Override
  public void restock(String[] skus, int[] quantities) {
    this.remote.call(Inventory_Binding.RESTOCK, new Object[] {skus, quantities});
  }

  @Override
  public void tag(String sku, String... tags) {
    this.remote.call(Inventory_Binding.TAG, new Object[] {sku, tags});
  }

  @Override
  public List<Order> orders(Set<String> skus) {
    return this.remote.call(Inventory_Binding.ORDERS, new Object[] {skus});
  }

  @Override
  public boolean transfer(String remote, int e) throws OutOfStockException, IOException {
    try {
      return this.remote.call(Inventory_Binding.TRANSFER, new Object[] {remote, e});
    } catch (DeclaredException e_) {
      e_.rethrowIf(OutOfStockException.class);
      e_.rethrowIf(IOException.class);
      throw e_.unexpected();
    }
  }
}
