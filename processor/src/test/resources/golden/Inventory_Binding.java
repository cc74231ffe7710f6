package com.example;

import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Binding of {@link Inventory} for the typedipc runtime: method descriptors, fingerprint,
 * wire classes, and factories of the proxy and the dispatcher. Found with {@link ServiceLoader}.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
public final class Inventory_Binding implements SharedBinding {
  /**
   * {@code int reserve(java.lang.String, int) throws com.example.OutOfStockException}
   */
  static final MethodDescriptor RESERVE_STRING_INT = new MethodDescriptor(
      0xd8d2c6e7,
      "reserve(java.lang.String,int)",
      "int reserve(java.lang.String, int) throws com.example.OutOfStockException",
      MethodDescriptor.Kind.SYNC,
      int.class,
      MethodDescriptor.types(String.class, int.class),
      MethodDescriptor.types(OutOfStockException.class));

  /**
   * {@code int reserve(java.lang.String) throws com.example.OutOfStockException}
   */
  static final MethodDescriptor RESERVE_STRING = new MethodDescriptor(
      0xede3ec46,
      "reserve(java.lang.String)",
      "int reserve(java.lang.String) throws com.example.OutOfStockException",
      MethodDescriptor.Kind.SYNC,
      int.class,
      MethodDescriptor.types(String.class),
      MethodDescriptor.types(OutOfStockException.class));

  /**
   * {@code java.util.Map<java.lang.String,java.lang.Integer> snapshot()}
   */
  static final MethodDescriptor SNAPSHOT = new MethodDescriptor(
      0x97c8e15a,
      "snapshot()",
      "java.util.Map<java.lang.String,java.lang.Integer> snapshot()",
      MethodDescriptor.Kind.SYNC,
      Map.class,
      MethodDescriptor.types(),
      MethodDescriptor.types());

  /**
   * {@code java.util.concurrent.CompletableFuture<java.lang.Integer> countAsync(java.lang.String)}
   */
  static final MethodDescriptor COUNT_ASYNC = new MethodDescriptor(
      0x016dd967,
      "countAsync(java.lang.String)",
      "java.util.concurrent.CompletableFuture<java.lang.Integer> countAsync(java.lang.String)",
      MethodDescriptor.Kind.ASYNC,
      Integer.class,
      MethodDescriptor.types(String.class),
      MethodDescriptor.types());

  /**
   * {@code void clear()}
   */
  static final MethodDescriptor CLEAR = new MethodDescriptor(
      0x1b1fa99b,
      "clear()",
      "void clear()",
      MethodDescriptor.Kind.SYNC,
      void.class,
      MethodDescriptor.types(),
      MethodDescriptor.types());

  /**
   * {@code void restock(java.lang.String[], int[])}
   */
  static final MethodDescriptor RESTOCK = new MethodDescriptor(
      0xc3b4b480,
      "restock(java.lang.String[],int[])",
      "void restock(java.lang.String[], int[])",
      MethodDescriptor.Kind.SYNC,
      void.class,
      MethodDescriptor.types(String[].class, int[].class),
      MethodDescriptor.types());

  /**
   * {@code void tag(java.lang.String, java.lang.String[])}
   */
  static final MethodDescriptor TAG = new MethodDescriptor(
      0xc756db20,
      "tag(java.lang.String,java.lang.String[])",
      "void tag(java.lang.String, java.lang.String[])",
      MethodDescriptor.Kind.SYNC,
      void.class,
      MethodDescriptor.types(String.class, String[].class),
      MethodDescriptor.types());

  /**
   * {@code java.util.List<com.example.Order> orders(java.util.Set<java.lang.String>)}
   */
  static final MethodDescriptor ORDERS = new MethodDescriptor(
      0x3f3392f5,
      "orders(java.util.Set)",
      "java.util.List<com.example.Order> orders(java.util.Set<java.lang.String>)",
      MethodDescriptor.Kind.SYNC,
      List.class,
      MethodDescriptor.types(Set.class),
      MethodDescriptor.types());

  /**
   * {@code boolean transfer(java.lang.String, int) throws com.example.OutOfStockException, java.io.IOException}
   */
  static final MethodDescriptor TRANSFER = new MethodDescriptor(
      0xc8e810fe,
      "transfer(java.lang.String,int)",
      "boolean transfer(java.lang.String, int) throws com.example.OutOfStockException, java.io.IOException",
      MethodDescriptor.Kind.SYNC,
      boolean.class,
      MethodDescriptor.types(String.class, int.class),
      MethodDescriptor.types(OutOfStockException.class, IOException.class));

  private static final InterfaceDescriptor DESCRIPTOR = new InterfaceDescriptor(
      Inventory.class,
      "e133a646a8b06206",
      List.of(RESERVE_STRING_INT, RESERVE_STRING, SNAPSHOT, COUNT_ASYNC, CLEAR, RESTOCK, TAG, ORDERS, TRANSFER),
      MethodDescriptor.types(
          int[].class,
          String[].class,
          Order.class,
          Order.Priority.class,
          OutOfStockException.class,
          IOException.class),
      InterfaceDescriptor.Kind.SHARED,
      Inventory_Exceptions.ALL);

  /**
   * Called by {@link ServiceLoader}.
   */
  public Inventory_Binding() {
  }

  @Override
  public InterfaceDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Object newProxy(RemoteObject remote) {
    return new Inventory_Proxy(remote);
  }

  @Override
  public Dispatcher newDispatcher(Object target) {
    return new Inventory_Dispatcher((Inventory) target);
  }
}
