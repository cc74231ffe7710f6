package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.builtin.Parking;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.ChannelService;
import io.typedipc.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Manager's {@link ManagerControl}: creates built-in objects and exports them. */
final class ManagerControlImpl implements ManagerControl {
  private final ManagerServer server;
  private final Bindings bindings;
  /** Built-in objects that park waiting calls; guarded by this. */
  private final List<Parking> parking = new ArrayList<>();

  ManagerControlImpl(ManagerServer server, Bindings bindings) {
    this.server = server;
    this.bindings = bindings;
  }

  @Override
  public void create(String name, String kindName, List<Long> parameters) {
    BuiltinKind kind = BuiltinKinds.of(kindName);
    checkName(name);
    BuiltinKinds.checkParameters(kind, parameters); // refused whether or not the object exists
    synchronized (this) { // calls run one at a time anyway; this keeps check-then-export atomic
      ExportedObject existing = server.lookup(name);
      if (existing != null) {
        if (existing.descriptor.type() != kind.wireType()) {
          throw new IllegalArgumentException("'" + name + "' is already " + BuiltinKinds.heldAs(existing.descriptor.name())
              + ", not " + kind.heldAs());
        }
        return;
      }
      Object target = server.newBuiltin(name, kind, List.copyOf(parameters));
      server.export(name, bindings.of(kind.wireType()), target, Dispatch.SERIAL);
      if (target instanceof Parking p) {
        parking.add(p);
      }
    }
  }

  @Override
  public void createChannel(String name, String messageType, String fingerprint, int capacity) {
    checkName(name);
    synchronized (this) {
      ExportedObject existing = server.lookup(name);
      if (existing != null) {
        if (!(existing.target instanceof ChannelService channel)) {
          throw new IllegalArgumentException("'" + name + "' is already " + BuiltinKinds.heldAs(existing.descriptor.name()) + ", not a channel");
        }
        String existingType = channel instanceof ChannelQueue queue ? queue.messageType() : channel.state().messageType();
        if (!existingType.equals(messageType)) {
          throw new IllegalArgumentException("'" + name + "' is already a channel of " + existingType + ", not of " + messageType);
        }
        return; // a differing fingerprint is reported when the client opens it
      }
      server.export(name, bindings.of(ChannelService.class), server.newChannel(name, messageType, fingerprint, capacity), Dispatch.CONCURRENT);
    }
  }

  @Override
  public CompletableFuture<Void> release(List<String> names, List<Long> counts) {
    if (names.size() != counts.size() || names.size() > MAX_RELEASES) {
      throw new IllegalArgumentException("release takes as many counts as names, at most " + MAX_RELEASES
          + "; got " + names.size() + " names and " + counts.size() + " counts");
    }
    String client = Caller.current().id();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Long count = counts.get(i);
      if (name != null && count != null) {
        server.release(client, name, count);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public boolean retain(String name) {
    return server.retain(name, Caller.current());
  }

  @Override
  public boolean remove(String name) {
    checkName(name);
    synchronized (this) {
      ExportedObject existing = server.lookup(name);
      if (existing == null) {
        return false;
      }
      if (existing.target instanceof ChannelService) {
        throw new IllegalArgumentException("'" + name + "' is a channel, which cannot be removed");
      }
      Object target = existing.target;
      server.remove(name);
      if (target instanceof Parking p) {
        parking.remove(p);
        p.closeWaits(); // nobody can reach it any more: its waiters must not wait forever
        p.forgetClients(); // nor may its clients' sessions keep it reachable
      }
      return true;
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a shared object needs a non-blank name");
    }
    if (name.startsWith("typedipc.")) {
      throw new IllegalArgumentException("names starting with 'typedipc.' are reserved: " + name);
    }
  }

  /** A built-in hosted on the fly (see {@code ManagerServer.lookup}) parks waits too: its waits end at close. */
  synchronized void parking(Parking p) {
    parking.add(p);
  }

  /** The Manager is closing: ends the waits parked in built-in objects, so that close need not wait for them. */
  void closing() {
    List<Parking> all;
    synchronized (this) {
      all = List.copyOf(parking);
    }
    for (Parking p : all) {
      p.closeWaits();
    }
  }
}
