package io.typedipc.it;

import io.typedipc.Caller;
import java.util.ArrayList;
import java.util.List;

public final class PresenceImpl implements Presence {
  private final List<String> gone = new ArrayList<>();

  @Override
  public String whoAmI() {
    return Caller.current().id();
  }

  @Override
  public void watchMe() {
    Caller caller = Caller.current();
    caller.onDisconnect(() -> {
      synchronized (gone) {
        gone.add(caller.id());
      }
    });
  }

  @Override
  public List<String> gone() {
    synchronized (gone) {
      return new ArrayList<>(gone);
    }
  }
}
