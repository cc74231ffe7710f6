package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedEvent;
import java.time.Duration;
import java.util.Objects;

/** The client side of {@link SharedEvent}. Obtain one from {@code ManagerClient.event}. */
public final class EventFacade extends BuiltinFacade<EventWire> implements SharedEvent {

  /**
   * For {@link BuiltinKinds#EVENT}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  EventFacade(BuiltinKind kind, String name, EventWire wire, EventWire patient) {
    super(kind, name, wire, patient, EventWire::cancel);
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
}
