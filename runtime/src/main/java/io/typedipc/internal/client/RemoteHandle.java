package io.typedipc.internal.client;

import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.util.concurrent.CompletableFuture;

/** The runtime's {@link RemoteObject}: one opened object on one connection, with a call timeout. */
public final class RemoteHandle implements RemoteObject {
  private final ClientConnection connection;
  private final int handle;
  private final String name;
  private final InterfaceDescriptor descriptor;
  private final long timeoutNanos;

  /**
   * @param timeoutNanos the deadline of each call, or 0 for none
   */
  public RemoteHandle(ClientConnection connection, int handle, String name, InterfaceDescriptor descriptor, long timeoutNanos) {
    this.connection = connection;
    this.handle = handle;
    this.name = name;
    this.descriptor = descriptor;
    this.timeoutNanos = timeoutNanos;
  }

  /** The same object with another call timeout (0 for none). */
  public RemoteHandle withTimeout(long nanos) {
    return new RemoteHandle(connection, handle, name, descriptor, nanos);
  }

  /** The object's interface. */
  public InterfaceDescriptor descriptor() {
    return descriptor;
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    return (R) connection.call(handle, method, args, timeoutNanos, name);
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    return (CompletableFuture<R>) (CompletableFuture<?>) connection.callAsync(handle, method, args, timeoutNanos, name);
  }

  @Override
  public String toString() {
    return descriptor.type().getSimpleName() + " proxy for '" + name + "' at " + connection.manager();
  }
}
