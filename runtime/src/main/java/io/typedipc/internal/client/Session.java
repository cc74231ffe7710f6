package io.typedipc.internal.client;

import io.typedipc.internal.serial.Serialization;

/**
 * A client's time with one Manager: the connections of one connect, the serialization whose
 * references resolve objects of that Manager, and the leases of the objects it hosted on the fly
 * for this client. A reconnect makes a new session; nothing of an old one is used again (the names
 * of objects hosted on the fly are per Manager, and a restarted Manager reuses them).
 */
public record Session(ConnectionPool pool, Serialization serialization, ClientReferences references, Leases leases) {

  /** Ends the session: no more lease reports, every connection closed (their pending calls fail). */
  public void close() {
    leases.close();
    pool.close();
  }
}
