package io.typedipc.internal.server;

import io.typedipc.Caller;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client of the Manager — one {@code ManagerClient} — across all its connections. It ends when
 * its last connection closes, and then runs the actions registered with {@link #onDisconnect}.
 */
final class ClientSession implements Caller, WithdrawableDisconnect {
  /**
   * What a client's connections present to join it (a {@code SESSION} frame): a secret of the
   * client's, never shown. Anyone holding the auth key who learnt it could join the session and
   * act as that client (release its locks), so views and {@link Caller#id()} show {@link #id}.
   */
  private final String key;
  /** The public id: derived from {@link #key} by a one-way hash, the same on every Manager. */
  private final String id;
  /** In the order registered; a set, so that an action is withdrawn without a search. */
  private final Set<Runnable> onDisconnect = new LinkedHashSet<>();
  /** Open connections; guarded by the Manager's session table. */
  int connections;
  private boolean ended;

  ClientSession(String key) {
    this.key = key;
    this.id = publicId(key);
  }

  /**
   * The id shown for the session {@code key}: its kind ({@code client}, {@code connection}) and the
   * first 128 bits of the key's SHA-256, which tell clients apart (on every member of a cluster
   * alike) and do not give the key back.
   */
  static String publicId(String key) {
    int dash = key.indexOf('-');
    String kind = dash > 0 ? key.substring(0, dash) : "client";
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return kind + "-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The secret a client's connections join this session with; for the Manager's session table only. */
  String key() {
    return key;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized boolean isConnected() {
    return !ended;
  }

  @Override
  public void onDisconnect(Runnable action) {
    register(action);
  }

  /**
   * Registers {@code action} under an identity of its own (the same action may be registered
   * twice, and runs twice then), or runs it at once if the session has ended; returns the
   * registered wrapper.
   */
  private Runnable register(Runnable action) {
    Runnable registered = action::run;
    synchronized (this) {
      if (!ended) {
        onDisconnect.add(registered);
        return registered;
      }
    }
    runSafely(action);
    return registered;
  }

  @Override
  public Runnable onDisconnectWithdrawable(Runnable action) {
    Runnable registered = register(action);
    return () -> {
      synchronized (this) {
        onDisconnect.remove(registered);
      }
    };
  }

  /** Marks the session ended and runs its disconnect actions. */
  void end() {
    List<Runnable> actions;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      actions = new ArrayList<>(onDisconnect);
      onDisconnect.clear();
    }
    for (Runnable action : actions) {
      runSafely(action);
    }
  }

  private void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      ManagerServer.LOG.log(Level.WARNING, "a disconnect action for client " + id + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "client " + id;
  }
}
