package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedEvent;
import java.time.Duration;
import java.util.Objects;

/** The client side of {@link SharedEvent}. Obtain one from {@code ManagerClient.event}. */
public final class EventFacade implements SharedEvent, BuiltinFacade {
  private final String name;
  private final Proxies<EventWire> proxies;

  /**
   * For {@code ManagerClient}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  public EventFacade(String name, EventWire wire, EventWire patient) {
    this.name = Objects.requireNonNull(name, "name");
    this.proxies = new Proxies<>(wire, patient, EventWire::cancel);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object wireProxy() {
    return proxies.wire;
  }

  @Override
  public void set() {
    proxies.wire.set();
  }

  @Override
  public void clear() {
    proxies.wire.clear();
  }

  @Override
  public boolean isSet() {
    return proxies.wire.isSet();
  }

  private boolean await(long nanos) throws InterruptedException {
    long status = proxies.status(nanos, true,
        (event, ticket) -> event.await(ticket, nanos), () -> "waiting for event '" + name + "'");
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
