package io.typedipc.hazelcast;

import io.typedipc.ConnectionLostException;
import io.typedipc.spi.DeclaredException;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The calls of a Manager's stand-in for a cluster object: each becomes an {@link ObjectCall} on the
 * object's entry, run by the member that owns it.
 */
final class ClusterRemote implements RemoteObject {
  private final ClusterContext context;
  private final String name;
  private final InterfaceDescriptor descriptor;

  ClusterRemote(ClusterContext context, String name, InterfaceDescriptor descriptor) {
    this.context = context;
    this.name = name;
    this.descriptor = descriptor;
  }

  private ObjectCall newCall(MethodDescriptor method, Object[] args) {
    byte[] bytes = context.write(args, method.parameterTypes());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new ObjectCall(context, descriptor.name(), method.id(), bytes, random.nextLong(), random.nextLong());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R call(MethodDescriptor method, Object[] args) {
    byte[] reply;
    ObjectCall call = newCall(method, args);
    try {
      reply = context.objects().executeOnKey(name, call);
    } catch (RuntimeException e) {
      throw ClusterContext.isClusterFailure(e) ? lost(e) : e;
    }
    return (R) context.outcome(method, reply);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    ObjectCall call;
    try {
      call = newCall(method, args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    context.objects().submitToKey(name, call).whenComplete((reply, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        result.completeExceptionally(ClusterContext.isClusterFailure(cause) ? lost(cause) : cause);
        return;
      }
      try {
        result.complete((R) context.outcome(method, reply));
      } catch (DeclaredException e) {
        result.completeExceptionally(e.getCause());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private ConnectionLostException lost(Throwable e) {
    return new ConnectionLostException("the cluster did not answer a call of '" + name + "' (its outcome is unknown): " + e, e);
  }

  @Override
  public String toString() {
    return "cluster object '" + name + "' (" + descriptor.name() + ")";
  }
}
