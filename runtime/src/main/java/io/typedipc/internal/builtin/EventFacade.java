package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The client side of {@link SharedEvent}. Obtain one from {@code ManagerClient.event}. */
public final class EventFacade implements SharedEvent, BuiltinFacade {
  private final String name;
  private final EventWire wire;
  private final EventWire patient;

  /**
   * For {@code ManagerClient}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  public EventFacade(String name, EventWire wire, EventWire patient) {
    this.name = Objects.requireNonNull(name, "name");
    this.wire = Objects.requireNonNull(wire, "wire");
    this.patient = Objects.requireNonNull(patient, "patient");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object wireProxy() {
    return wire;
  }

  @Override
  public void set() {
    wire.set();
  }

  @Override
  public void clear() {
    wire.clear();
  }

  @Override
  public boolean isSet() {
    return wire.isSet();
  }

  private boolean await(long nanos) throws InterruptedException {
    Waiting.checkInterrupt();
    long ticket = Waiting.ticket();
    CompletableFuture<Long> f = (nanos == 0 ? wire : patient).await(ticket, nanos);
    long status = Waiting.reply(f, () -> wire.cancel(ticket));
    InterruptedException interrupted = Waiting.interruptedBy(status);
    if (interrupted != null) {
      throw interrupted;
    }
    if (status == Status.CLOSED) {
      throw Waiting.closed("waiting for event '" + name + "'");
    }
    return status == Status.OK;
  }

  @Override
  public void await() throws InterruptedException {
    await(Waiting.FOREVER);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return await(Waiting.nanos(timeout));
  }

  @Override
  public String toString() {
    return "SharedEvent[" + name + "]";
  }
}
