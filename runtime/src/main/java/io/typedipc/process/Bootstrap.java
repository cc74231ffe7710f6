package io.typedipc.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a parent hands its child JVM through the child's stdin: the entry class, the string
 * arguments, the Managers (address and auth key), the handles and the pipes (listener and key).
 * Never on the command line.
 *
 * <p>Format: the line {@value #HEADER}, then {@link Properties} lines (escaped by {@link
 * Properties#store}, so one entry per line), then the line {@value #END}.
 */
record Bootstrap(
    String entryClass,
    boolean mainEntry,
    List<String> args,
    List<String> registered,
    List<ManagerRef> managers,
    Map<String, HandleRef> named,
    List<HandleRef> positional,
    Map<String, PipeRef> pipes) {

  static final String HEADER = "typedipc-child-bootstrap 2";
  static final String END = "typedipc-child-bootstrap-end";

  /** One Manager: where it is, its key and the client settings of the parent's client. */
  record ManagerRef(String host, int port, String keyBase64, long callTimeoutNanos, int maxFrame,
      long connectTimeoutMillis, long handshakeTimeoutMillis, boolean sharedMemory, boolean lowLatency,
      boolean blockingReads, int maxPendingCalls) {}

  /**
   * One handle: its kind ({@link #SHARED}, {@link #BUILTIN}, {@link #CHANNEL}), which Manager, its
   * name there, its interface (the generated proxy's; for built-ins the wire interface; for a
   * channel the message interface), the proxy's deadline, and a detail or {@code null}: a queue's
   * element class, a condition's name within its lock.
   */
  record HandleRef(String kind, int manager, String name, String interfaceName, long timeoutNanos, String detail) {
    static final String SHARED = "shared";
    static final String BUILTIN = "builtin";
    static final String CHANNEL = "channel";

    void store(Properties p, String prefix) {
      p.setProperty(prefix + "kind", kind);
      p.setProperty(prefix + "manager", Integer.toString(manager));
      p.setProperty(prefix + "name", name);
      p.setProperty(prefix + "interface", interfaceName);
      p.setProperty(prefix + "timeoutNanos", Long.toString(timeoutNanos));
      if (detail != null) {
        p.setProperty(prefix + "detail", detail);
      }
    }

    static HandleRef load(Properties p, String prefix) {
      return new HandleRef(required(p, prefix + "kind"), Integer.parseInt(required(p, prefix + "manager")),
          required(p, prefix + "name"), required(p, prefix + "interface"),
          Long.parseLong(required(p, prefix + "timeoutNanos")), p.getProperty(prefix + "detail"));
    }
  }

  /**
   * One pipe end for the child: the parent's listener ({@code host:port}), the key, and what the
   * child's end sends and receives (class names, {@code java.lang.Void} for nothing).
   */
  record PipeRef(String token, String keyBase64, String sends, String receives) {}

  /** The bootstrap as text, ending with a newline. */
  String encode() {
    Properties p = new Properties();
    p.setProperty("entry", entryClass);
    p.setProperty("kind", mainEntry ? "main" : "entry");
    list(p, "arg", args);
    list(p, "register", registered);
    p.setProperty("managers", Integer.toString(managers.size()));
    for (int i = 0; i < managers.size(); i++) {
      ManagerRef m = managers.get(i);
      String k = "manager." + i + ".";
      p.setProperty(k + "host", m.host());
      p.setProperty(k + "port", Integer.toString(m.port()));
      p.setProperty(k + "key", m.keyBase64());
      p.setProperty(k + "callTimeoutNanos", Long.toString(m.callTimeoutNanos()));
      p.setProperty(k + "maxFrame", Integer.toString(m.maxFrame()));
      p.setProperty(k + "connectTimeoutMillis", Long.toString(m.connectTimeoutMillis()));
      p.setProperty(k + "handshakeTimeoutMillis", Long.toString(m.handshakeTimeoutMillis()));
      p.setProperty(k + "sharedMemory", Boolean.toString(m.sharedMemory()));
      p.setProperty(k + "lowLatency", Boolean.toString(m.lowLatency()));
      p.setProperty(k + "blockingReads", Boolean.toString(m.blockingReads()));
      p.setProperty(k + "maxPendingCalls", Integer.toString(m.maxPendingCalls()));
    }
    p.setProperty("handle.count", Integer.toString(positional.size()));
    for (int i = 0; i < positional.size(); i++) {
      positional.get(i).store(p, "handle." + i + ".");
    }
    p.setProperty("named", Integer.toString(named.size()));
    int i = 0;
    for (Map.Entry<String, HandleRef> e : named.entrySet()) {
      p.setProperty("named." + i + ".label", e.getKey());
      e.getValue().store(p, "named." + i + ".");
      i++;
    }
    p.setProperty("pipes", Integer.toString(pipes.size()));
    i = 0;
    for (Map.Entry<String, PipeRef> e : pipes.entrySet()) {
      String k = "pipe." + i + ".";
      PipeRef r = e.getValue();
      p.setProperty(k + "label", e.getKey());
      p.setProperty(k + "token", r.token());
      p.setProperty(k + "key", r.keyBase64());
      p.setProperty(k + "sends", r.sends());
      p.setProperty(k + "receives", r.receives());
      i++;
    }
    StringWriter text = new StringWriter();
    try {
      p.store(text, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HEADER + "\n" + text + END + "\n";
  }

  /**
   * Reads a bootstrap from the first lines of {@code in}, leaving the rest unread.
   *
   * @throws IOException if stdin ends first or does not start with a bootstrap
   */
  static Bootstrap read(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (!HEADER.equals(header)) {
      throw new IOException("stdin does not start with a typedipc bootstrap (got "
          + (header == null ? "end of input" : "'" + abbreviate(header) + "'")
          + "); this class is started by io.typedipc.process.ChildProcess, not by hand");
    }
    StringBuilder body = new StringBuilder();
    for (String line; ; ) {
      line = in.readLine();
      if (line == null) {
        throw new IOException("stdin ended inside the typedipc bootstrap");
      }
      if (line.equals(END)) {
        break;
      }
      body.append(line).append('\n');
    }
    Properties p = new Properties();
    p.load(new StringReader(body.toString()));
    try {
      List<ManagerRef> managers = new ArrayList<>();
      int managerCount = Integer.parseInt(required(p, "managers"));
      for (int i = 0; i < managerCount; i++) {
        String k = "manager." + i + ".";
        managers.add(new ManagerRef(required(p, k + "host"), Integer.parseInt(required(p, k + "port")),
            required(p, k + "key"), Long.parseLong(required(p, k + "callTimeoutNanos")),
            Integer.parseInt(required(p, k + "maxFrame")), Long.parseLong(required(p, k + "connectTimeoutMillis")),
            Long.parseLong(required(p, k + "handshakeTimeoutMillis")),
            Boolean.parseBoolean(required(p, k + "sharedMemory")), Boolean.parseBoolean(required(p, k + "lowLatency")),
            Boolean.parseBoolean(required(p, k + "blockingReads")),
            Integer.parseInt(required(p, k + "maxPendingCalls"))));
      }
      List<HandleRef> positional = new ArrayList<>();
      int handleCount = Integer.parseInt(required(p, "handle.count"));
      for (int i = 0; i < handleCount; i++) {
        positional.add(HandleRef.load(p, "handle." + i + "."));
      }
      Map<String, HandleRef> named = new LinkedHashMap<>();
      int namedCount = Integer.parseInt(required(p, "named"));
      for (int i = 0; i < namedCount; i++) {
        named.put(required(p, "named." + i + ".label"), HandleRef.load(p, "named." + i + "."));
      }
      Map<String, PipeRef> pipes = new LinkedHashMap<>();
      int pipeCount = Integer.parseInt(required(p, "pipes"));
      for (int i = 0; i < pipeCount; i++) {
        String k = "pipe." + i + ".";
        pipes.put(required(p, k + "label"), new PipeRef(required(p, k + "token"), required(p, k + "key"),
            required(p, k + "sends"), required(p, k + "receives")));
      }
      return new Bootstrap(required(p, "entry"), "main".equals(required(p, "kind")), readList(p, "arg"),
          readList(p, "register"), managers, named, positional, pipes);
    } catch (IllegalArgumentException e) {
      throw new IOException("malformed typedipc bootstrap: " + e.getMessage(), e);
    }
  }

  private static void list(Properties p, String prefix, List<String> values) {
    p.setProperty(prefix + ".count", Integer.toString(values.size()));
    for (int i = 0; i < values.size(); i++) {
      p.setProperty(prefix + "." + i, values.get(i));
    }
  }

  private static List<String> readList(Properties p, String prefix) {
    int n = Integer.parseInt(required(p, prefix + ".count"));
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(required(p, prefix + "." + i));
    }
    return values;
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
