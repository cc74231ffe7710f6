package io.typedipc.internal.server;

import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Wraps a generated dispatcher to count each method's calls, failures and latency (see {@link
 * io.typedipc.introspect.MethodView} for what is measured). Costs two {@code System.nanoTime()}
 * calls and a few uncontended atomic increments per call; a call whose future completes later is
 * answered through one more future, completed once the call is counted, so a client that has the
 * answer finds the call counted.
 *
 * <p>A method's histogram (about 4 KiB) is made on its first call: a hosted object costs nothing
 * for the methods nobody calls (an empty map, with two dozen methods, cost 92 KiB when each was
 * made up front, so a client creating objects by name filled a small heap with a few thousand).
 */
final class MeteredDispatcher implements Dispatcher {
  private static final VarHandle HISTOGRAMS = MethodHandles.arrayElementVarHandle(LatencyHistogram[].class);

  final Dispatcher delegate;
  private final int[] ids;
  final MethodDescriptor[] methods;
  /** Each method's histogram; {@code null} until its first call. */
  private final LatencyHistogram[] histograms;

  MeteredDispatcher(InterfaceDescriptor descriptor, Dispatcher delegate) {
    this.delegate = delegate;
    List<MethodDescriptor> all = descriptor.methods();
    this.ids = new int[all.size()];
    this.methods = new MethodDescriptor[all.size()];
    this.histograms = new LatencyHistogram[all.size()];
    for (int i = 0; i < all.size(); i++) {
      ids[i] = all.get(i).id();
      methods[i] = all.get(i);
    }
  }

  /** The histogram of method {@code index}, or {@code null} if it was never called. */
  LatencyHistogram histogramIfCalled(int index) {
    return (LatencyHistogram) HISTOGRAMS.getAcquire(histograms, index);
  }

  /** The histogram of method {@code index}, made by the first call (racing first calls share one). */
  private LatencyHistogram histogram(int index) {
    LatencyHistogram h = (LatencyHistogram) HISTOGRAMS.getAcquire(histograms, index);
    if (h != null) {
      return h;
    }
    LatencyHistogram fresh = new LatencyHistogram();
    LatencyHistogram won = (LatencyHistogram) HISTOGRAMS.compareAndExchange(histograms, index, null, fresh);
    return won == null ? fresh : won;
  }

  @Override
  public Object dispatch(int methodId, Object[] args) throws Exception {
    int index = index(methodId);
    LatencyHistogram histogram = index < 0 ? null : histogram(index);
    long start = System.nanoTime();
    Object result;
    try {
      result = delegate.dispatch(methodId, args);
    } catch (Exception | Error e) {
      if (histogram != null) {
        histogram.record(System.nanoTime() - start, true);
      }
      throw e;
    }
    if (histogram != null) {
      if (result instanceof CompletableFuture<?> future && !future.isDone()) {
        // the caller answers when the returned stage completes, after the call is counted (actions on
        // the method's own future run last-registered first: the answer would go out before)
        return future.whenComplete((value, error) -> histogram.record(System.nanoTime() - start, error != null));
      } else {
        boolean failed = result instanceof CompletableFuture<?> future
            ? future.isCompletedExceptionally()
            // an async method that returned null: the Manager fails the call, there is no future to answer with
            : result == null && methods[index].kind() == MethodDescriptor.Kind.ASYNC;
        histogram.record(System.nanoTime() - start, failed);
      }
    }
    return result;
  }

  /** The position of the method {@code methodId} in {@link #ids}, {@link #methods} and {@link #histograms}; -1 if none. */
  private int index(int methodId) {
    int[] ids = this.ids;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == methodId) {
        return i;
      }
    }
    return -1;
  }
}
