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
 * arguments, the Managers (address and auth key) and the handles. Never on the command line.
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
    List<HandleRef> positional) {

  static final String HEADER = "typedipc-child-bootstrap 1";
  static final String END = "typedipc-child-bootstrap-end";

  /** One Manager: where it is, its key and the client settings of the parent's client. */
  record ManagerRef(String host, int port, String keyBase64, long callTimeoutNanos, int maxFrame,
      long connectTimeoutMillis, long handshakeTimeoutMillis) {}

  /** One shared object: which Manager, its name there, its interface, the proxy's deadline. */
  record HandleRef(int manager, String name, String interfaceName, long timeoutNanos) {
    String encode() {
      return manager + "|" + timeoutNanos + "|" + interfaceName + "|" + name;
    }

    static HandleRef decode(String s) {
      String[] parts = s.split("\\|", 4);
      if (parts.length != 4) {
        throw new IllegalArgumentException("malformed handle: " + s);
      }
      return new HandleRef(Integer.parseInt(parts[0]), parts[3], parts[2], Long.parseLong(parts[1]));
    }
  }

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
    }
    List<String> handles = new ArrayList<>();
    for (HandleRef h : positional) {
      handles.add(h.encode());
    }
    list(p, "handle", handles);
    p.setProperty("named", Integer.toString(named.size()));
    int i = 0;
    for (Map.Entry<String, HandleRef> e : named.entrySet()) {
      p.setProperty("named." + i + ".label", e.getKey());
      p.setProperty("named." + i + ".handle", e.getValue().encode());
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
            Long.parseLong(required(p, k + "handshakeTimeoutMillis"))));
      }
      List<HandleRef> positional = new ArrayList<>();
      for (String s : readList(p, "handle")) {
        positional.add(HandleRef.decode(s));
      }
      Map<String, HandleRef> named = new LinkedHashMap<>();
      int namedCount = Integer.parseInt(required(p, "named"));
      for (int i = 0; i < namedCount; i++) {
        named.put(required(p, "named." + i + ".label"), HandleRef.decode(required(p, "named." + i + ".handle")));
      }
      return new Bootstrap(required(p, "entry"), "main".equals(required(p, "kind")), readList(p, "arg"),
          readList(p, "register"), managers, named, positional);
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
