package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.builtin.Parking;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.ChannelService;
import java.util.ArrayList;
import java.util.List;

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
    synchronized (this) { // calls run one at a time anyway; this keeps check-then-export atomic
      ExportedObject existing = server.lookup(name);
      if (existing != null) {
        if (existing.descriptor.type() != kind.wireType()) {
          throw new IllegalArgumentException("'" + name + "' is already a " + existing.descriptor.name()
              + ", not a " + kind.wireType().getName());
        }
        return;
      }
      Object target = kind.factory().apply(List.copyOf(parameters));
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
        if (!(existing.target instanceof ChannelQueue channel)) {
          throw new IllegalArgumentException("'" + name + "' is already a " + existing.descriptor.name() + ", not a channel");
        }
        if (!channel.messageType().equals(messageType)) {
          throw new IllegalArgumentException("'" + name + "' is already a channel of " + channel.messageType() + ", not of " + messageType);
        }
        return; // a differing fingerprint is reported when the client opens it
      }
      server.export(name, bindings.of(ChannelService.class), new ChannelQueue(name, messageType, fingerprint, capacity), Dispatch.CONCURRENT);
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
