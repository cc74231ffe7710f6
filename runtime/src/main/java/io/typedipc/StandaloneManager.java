package io.typedipc;

import io.typedipc.internal.Waits;
import io.typedipc.introspect.ManagerView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Runs a Manager as its own process, configured by a properties file, by command-line options, or
 * both (options override the file); or, with {@code --status}, prints the {@linkplain
 * ManagerView introspection view} of a running Manager. {@code --help} lists everything:
 *
 * <pre>
 * java -cp app.jar:typedipc-runtime.jar:kryo.jar:… io.typedipc.StandaloneManager --config manager.properties
 * java -cp … io.typedipc.StandaloneManager --port 6000 --auth-key-file manager.key \
 *     --share counter=com.example.Counter:com.example.CounterImpl --builtin jobs=queue:100
 * java -cp … io.typedipc.StandaloneManager --config manager.properties --status
 * </pre>
 *
 * <p>Every option has a key in the file: {@code --auth-key-file F} is {@code authKeyFile=F},
 * {@code --share name=…} is {@code share.name=…}, {@code --limit maxConnections=64} is {@code
 * limit.maxConnections=64}, and so on ({@link #USAGE}). When ready it prints {@code typedipc
 * manager listening on host:port} to stdout and serves until the process is stopped; SIGTERM or
 * Ctrl-C closes the Manager gracefully first.
 *
 * <p>Exit codes: {@value #EXIT_OK} after {@code --help} or a successful {@code --status}; {@value
 * #EXIT_USAGE} for a bad option or configuration; {@value #EXIT_CANNOT_START} when the Manager
 * cannot start (the address is taken, a key or key store cannot be read, a class cannot be
 * loaded); {@value #EXIT_STATUS_FAILED} when {@code --status} cannot reach or authenticate to the
 * Manager; and the JVM's 143 (128 + SIGTERM) or 130 (SIGINT) when a running Manager is stopped.
 */
public final class StandaloneManager {
  /** Exit code of {@code --help} and of a successful {@code --status}. */
  public static final int EXIT_OK = 0;

  /** Exit code for a bad option or configuration (the message says which). */
  public static final int EXIT_USAGE = 2;

  /** Exit code when the Manager cannot start. */
  public static final int EXIT_CANNOT_START = 3;

  /** Exit code when {@code --status} cannot reach or authenticate to the Manager. */
  public static final int EXIT_STATUS_FAILED = 4;

  private static final Logger LOG = System.getLogger(LoggerNames.STANDALONE_MANAGER);

  /** What {@code --help} prints. */
  static final String USAGE = """
      usage: java -cp <classpath> io.typedipc.StandaloneManager [--config FILE] [OPTION]...
             java -cp <classpath> io.typedipc.StandaloneManager [--config FILE] [OPTION]... --status

      Runs a typedipc Manager until the process is stopped (SIGTERM or Ctrl-C close it gracefully),
      or with --status prints the objects, connections and call statistics of a running one.
      Options override the properties file given with --config; the key of each is in brackets.

        --config FILE                    a properties file holding any of the keys below
        --host HOST                      [host] address to bind (default 127.0.0.1)
        --port N                         [port] port to bind, 0 for any free one (required)
        --auth-key-file FILE             [authKeyFile] the key, as AuthKey.writeTo writes it
        --auth-key-env VAR               [authKeyEnv] or an environment variable holding it (Base64)
        --share NAME=IFACE:IMPL[:concurrent]
                                         [share.NAME] host a new IMPL (public no-arg constructor) as
                                         the @Shared IFACE; :concurrent opts out of one-at-a-time
        --channel NAME=IFACE:CAPACITY    [channel.NAME] a channel of @Channel IFACE messages
        --builtin NAME=KIND[:N]          [builtin.NAME] a built-in object: map, list, namespace,
                                         lock, rlock, condition, event, semaphore:PERMITS,
                                         boundedSemaphore:PERMITS, barrier:PARTIES, queue:CAPACITY,
                                         joinableQueue:CAPACITY, intArray:LENGTH, longArray:LENGTH,
                                         doubleArray:LENGTH
        --register CLASS[,CLASS]...      [register] value classes clients send (beyond the
                                         interfaces' own)
        --limit NAME=VALUE               [limit.NAME] maxFrameSize, maxConnections, maxHandshakes,
                                         maxCallsInFlight, maxCallBytesInFlight,
                                         maxArgumentBytes, maxReplyBytes, maxParkedCalls,
                                         maxParkedCallsTotal, maxQueuedCallsPerObject (numbers);
                                         idleTimeout, writeStallTimeout, handshakeTimeout,
                                         closeTimeout (durations: 30s, 500ms, 5m, 1d, PT30S;
                                         0 = none, idleTimeout only)
        --tls-key-store FILE             [tls.keyStore] TLS: the Manager's key and certificate
                                         (PKCS12 unless [tls.keyStoreType]); its password from
                                         [tls.keyStorePasswordEnv] (a variable) or
                                         [tls.keyStorePassword]
        --tls-trust-store FILE           [tls.trustStore] TLS for --status: the certificates to
                                         trust ([tls.trustStoreType], [tls.trustStorePasswordEnv],
                                         [tls.trustStorePassword]); default: the
                                         certificate of [tls.keyStore] if given, else the JDK's
        --jmx true|false                 [jmx] register the io.typedipc MXBean (default true)
        --shared-memory true|false       [sharedMemory] serve clients on this host that ask for it
                                         through shared memory (default false)
        --shared-memory-directory DIR    [sharedMemoryDirectory] where its files go (default
                                         /dev/shm where it exists, else the temp directory)
        --status                         print the running Manager's view and exit
        --help                           print this and exit

      Exit codes: 0 --help or --status done; 2 bad option or configuration; 3 the Manager cannot
      start; 4 --status cannot reach the Manager; 143 or 130 a running Manager was stopped.
      """;

  private StandaloneManager() {}

  /** Entry point; see the class description and {@code --help}. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != RUNNING) {
      System.exit(code);
    }
  }

  /** Returned by {@link #run} when a Manager was started and serves until the JVM exits. */
  static final int RUNNING = -1;

  /** Runs the command; returns its exit code, or {@link #RUNNING} once a Manager serves. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> settings;
    boolean status;
    try {
      Options options = Options.parse(args);
      if (options.help) {
        out.print(USAGE);
        return EXIT_OK;
      }
      settings = options.settings();
      status = options.status;
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("typedipc StandaloneManager: " + e.getMessage());
      err.println("(--help lists the options)");
      return EXIT_USAGE;
    }
    if (status) {
      return status(settings, out, err);
    }
    Manager.Builder builder;
    try {
      builder = configure(settings);
    } catch (IllegalArgumentException e) {
      err.println("typedipc StandaloneManager: " + e.getMessage());
      err.println("(--help lists the options)");
      return EXIT_USAGE;
    } catch (StartException e) {
      err.println("typedipc StandaloneManager: cannot start: " + e.getMessage());
      return EXIT_CANNOT_START;
    }
    Manager manager;
    try {
      manager = builder.start();
    } catch (RuntimeException e) {
      err.println("typedipc StandaloneManager: cannot start: " + e.getMessage());
      return EXIT_CANNOT_START;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      String stopping = "typedipc manager stopping: closing the Manager on " + address(manager);
      out.println(stopping); // the log may miss it: java.util.logging closes its handlers in a shutdown hook of its own
      out.flush();
      LOG.log(Level.INFO, stopping);
      manager.close();
    }, "typedipc-manager-shutdown"));
    LOG.log(Level.INFO, "typedipc manager listening on " + address(manager));
    out.println("typedipc manager listening on " + address(manager));
    out.flush();
    Thread waiter = new Thread(() -> {
      try {
        manager.awaitTermination();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "typedipc-manager-main");
    waiter.start(); // a non-daemon thread keeps the JVM up until the Manager closes
    return RUNNING;
  }

  private static String address(Manager manager) {
    return manager.address().getHostString() + ":" + manager.port();
  }

  // ------------------------------------------------------------------ --status

  private static int status(Map<String, String> settings, PrintStream out, PrintStream err) {
    String host = settings.getOrDefault("host", "127.0.0.1");
    int port;
    AuthKey key;
    SSLContext tls;
    try {
      port = integer(settings, "port", null);
      key = authKey(settings);
      tls = settings.containsKey("tls.trustStore") ? trustingContext(settings, "tls.trustStore")
          : settings.containsKey("tls.keyStore") ? trustingContext(settings, "tls.keyStore") : null;
    } catch (IllegalArgumentException e) {
      err.println("typedipc StandaloneManager: " + e.getMessage());
      return EXIT_USAGE;
    } catch (StartException e) {
      err.println("typedipc StandaloneManager: --status: " + e.getMessage());
      return EXIT_STATUS_FAILED;
    }
    if (port == 0) {
      err.println("typedipc StandaloneManager: --status needs the Manager's port, not 0");
      return EXIT_USAGE;
    }
    ManagerClient.Builder client = ManagerClient.builder().address(host, port).authKey(key)
        .callTimeout(Duration.ofSeconds(30)).handshakeTimeout(Duration.ofSeconds(5)).connections(1);
    if (tls != null) {
      client.tls(tls);
    }
    try (ManagerClient c = client.connect()) {
      out.print(c.introspect().toText());
      out.flush();
      return EXIT_OK;
    } catch (RuntimeException e) {
      err.println("typedipc StandaloneManager: --status: cannot read the Manager on " + host + ":" + port + ": " + e.getMessage()
          + (tls == null ? " (a Manager that uses TLS needs tls.trustStore, --tls-trust-store, or its own tls.keyStore"
              + " in the settings given to --status)" : ""));
      return EXIT_STATUS_FAILED;
    }
  }

  // ------------------------------------------------------------------ configuration

  /** A failure to start that is not the user's syntax: a file, a class, a key store. */
  private static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final List<String> KEYS = List.of("host", "port", "authKeyFile", "authKeyEnv", "register", "jmx",
      "sharedMemory", "sharedMemoryDirectory",
      "tls.keyStore", "tls.keyStoreType", "tls.keyStorePassword", "tls.keyStorePasswordEnv",
      "tls.trustStore", "tls.trustStoreType", "tls.trustStorePassword", "tls.trustStorePasswordEnv");
  private static final List<String> PREFIXES = List.of("share.", "channel.", "builtin.", "limit.");

  /** Builds the Manager the settings describe. */
  static Manager.Builder configure(Map<String, String> settings) throws StartException {
    for (String key : settings.keySet()) {
      if (!KEYS.contains(key) && PREFIXES.stream().noneMatch(p -> key.startsWith(p) && key.length() > p.length())) {
        throw new IllegalArgumentException("unknown setting '" + key + "'");
      }
    }
    Manager.Builder builder = Manager.builder();
    if (!settings.containsKey("port")) {
      throw new IllegalArgumentException("the port is required (--port or port=; 0 picks a free one)");
    }
    builder.address(settings.getOrDefault("host", "127.0.0.1"), integer(settings, "port", null));
    builder.authKey(authKey(settings));
    if (settings.containsKey("jmx")) {
      builder.jmx(bool(settings, "jmx"));
    }
    if (settings.containsKey("sharedMemory")) {
      builder.sharedMemory(bool(settings, "sharedMemory"));
    }
    if (settings.containsKey("sharedMemoryDirectory")) {
      builder.sharedMemoryDirectory(java.nio.file.Path.of(settings.get("sharedMemoryDirectory")));
    }
    if (settings.containsKey("tls.keyStore")) {
      builder.tls(keyContext(settings));
    }
    for (String name : split(settings.get("register"))) {
      builder.register(load(name, "register"));
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("limit.")) {
        naming(key, e.getValue(), () -> limit(builder, key.substring("limit.".length()), e.getValue()));
      }
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey();
      String value = e.getValue().strip();
      if (key.startsWith("share.")) {
        share(builder, key.substring("share.".length()), value);
      } else if (key.startsWith("channel.")) {
        channel(builder, key.substring("channel.".length()), value);
      } else if (key.startsWith("builtin.")) {
        naming(key, value, () -> builtin(builder, key.substring("builtin.".length()), value));
      }
    }
    return builder;
  }

  /**
   * Runs {@code apply}; a refusal that does not name {@code key} yet (the builder's, such as "a
   * barrier needs at least one party") is given the setting it came from.
   */
  private static void naming(String key, String value, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      throw message.startsWith(key) ? e : new IllegalArgumentException(key + " = " + value + ": " + message, e);
    }
  }

  private static AuthKey authKey(Map<String, String> settings) throws StartException {
    String file = settings.get("authKeyFile");
    String env = settings.get("authKeyEnv");
    if ((file == null) == (env == null)) {
      throw new IllegalArgumentException("give the auth key either as a file (--auth-key-file, authKeyFile=) or as an"
          + " environment variable (--auth-key-env, authKeyEnv=)" + (file != null ? ", not both" : ""));
    }
    try {
      return file != null ? AuthKey.fromFile(Path.of(file)) : AuthKey.fromEnvironment(env);
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw new StartException((file != null ? "authKeyFile " + file : "authKeyEnv " + env) + ": " + e.getMessage(), e);
    }
  }

  private static void share(Manager.Builder builder, String name, String spec) throws StartException {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("concurrent"))) {
      throw new IllegalArgumentException("share." + name + " takes Interface:Implementation[:concurrent], not '" + spec + "'");
    }
    Class<?> type = load(parts[0], "share." + name);
    Class<?> impl = load(parts[1], "share." + name);
    if (!type.isAssignableFrom(impl)) {
      throw new IllegalArgumentException("share." + name + ": " + impl.getName() + " does not implement " + type.getName());
    }
    Object target;
    try {
      target = impl.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StartException("share." + name + ": cannot make a " + impl.getName()
          + " with its public no-arg constructor: " + cause, cause);
    }
    Dispatch dispatch = parts.length == 3 ? Dispatch.CONCURRENT : Dispatch.SERIAL;
    naming("share." + name, spec, () -> shareUnchecked(builder, type, name, target, dispatch));
  }

  @SuppressWarnings("unchecked")
  private static <T> void shareUnchecked(Manager.Builder builder, Class<T> type, String name, Object target, Dispatch dispatch) {
    builder.share(type, name, (T) target, dispatch);
  }

  private static void channel(Manager.Builder builder, String name, String spec) throws StartException {
    int colon = spec.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("channel." + name + " takes Interface:capacity, not '" + spec + "'");
    }
    int capacity = number("channel." + name + " capacity", spec.substring(colon + 1));
    Class<?> type = load(spec.substring(0, colon), "channel." + name);
    naming("channel." + name, spec, () -> builder.channel(type, name, capacity));
  }

  private static void builtin(Manager.Builder builder, String name, String spec) {
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon);
    String what = "builtin." + name;
    Integer n = colon < 0 ? null : number(what, spec.substring(colon + 1));
    switch (kind) {
      case "map" -> none(builder.map(name), n, what);
      case "list" -> none(builder.list(name), n, what);
      case "namespace" -> none(builder.namespace(name), n, what);
      case "lock" -> none(builder.lock(name), n, what);
      case "rlock" -> none(builder.rlock(name), n, what);
      case "condition" -> none(builder.condition(name), n, what);
      case "event" -> none(builder.event(name), n, what);
      case "semaphore" -> builder.semaphore(name, needed(n, what, "permits"));
      case "boundedSemaphore" -> builder.boundedSemaphore(name, needed(n, what, "permits"));
      case "barrier" -> builder.barrier(name, needed(n, what, "parties"));
      case "queue" -> builder.queue(name, needed(n, what, "capacity"));
      case "joinableQueue" -> builder.joinableQueue(name, needed(n, what, "capacity"));
      case "intArray" -> builder.intArray(name, needed(n, what, "length"));
      case "longArray" -> builder.longArray(name, needed(n, what, "length"));
      case "doubleArray" -> builder.doubleArray(name, needed(n, what, "length"));
      default -> throw new IllegalArgumentException(what + ": unknown kind '" + kind + "' (--help lists them)");
    }
  }

  private static void none(Manager.Builder ignored, Integer n, String what) {
    if (n != null) {
      throw new IllegalArgumentException(what + " takes no number");
    }
  }

  private static int needed(Integer n, String what, String of) {
    if (n == null) {
      throw new IllegalArgumentException(what + " needs its " + of + ", as KIND:N");
    }
    return n;
  }

  private static void limit(Manager.Builder builder, String name, String value) {
    String what = "limit." + name;
    switch (name) {
      case "maxFrameSize" -> builder.maxFrameSize(number(what, value));
      case "maxConnections" -> builder.maxConnections(number(what, value));
      case "maxHandshakes" -> builder.maxHandshakes(number(what, value));
      case "maxCallsInFlight" -> builder.maxCallsInFlight(number(what, value));
      case "maxCallBytesInFlight" -> builder.maxCallBytesInFlight(number(what, value));
      case "maxArgumentBytes" -> builder.maxArgumentBytes(number(what, value));
      case "maxReplyBytes" -> builder.maxReplyBytes(number(what, value));
      case "maxParkedCalls" -> builder.maxParkedCalls(number(what, value));
      case "maxParkedCallsTotal" -> builder.maxParkedCallsTotal(number(what, value));
      case "maxQueuedCallsPerObject" -> builder.maxQueuedCallsPerObject(number(what, value));
      case "idleTimeout" -> builder.idleTimeout(duration(what, value));
      case "writeStallTimeout" -> builder.writeStallTimeout(duration(what, value));
      case "handshakeTimeout" -> builder.handshakeTimeout(duration(what, value));
      case "closeTimeout" -> builder.closeTimeout(duration(what, value));
      default -> throw new IllegalArgumentException("unknown limit '" + name + "' (--help lists them)");
    }
  }

  private static SSLContext keyContext(Map<String, String> s) throws StartException {
    readable(s, "tls.keyStore");
    char[] password = password(s, "tls.keyStore");
    if (password == null) {
      throw new IllegalArgumentException("TLS key store (tls.keyStore) " + s.get("tls.keyStore") + " needs its password:"
          + " set tls.keyStorePasswordEnv (a variable holding it) or tls.keyStorePassword");
    }
    try {
      KeyStore store = keyStore(s, "tls.keyStore", password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new StartException("TLS key store (tls.keyStore) " + s.get("tls.keyStore") + ": " + e.getMessage(), e);
    }
  }

  /**
   * A context trusting the certificates in the store {@code prefix} names: a trust store, or the
   * Manager's own key store (its certificate), for {@code --status} with the Manager's settings.
   */
  private static SSLContext trustingContext(Map<String, String> s, String prefix) throws StartException {
    readable(s, prefix);
    char[] password = password(s, prefix);
    KeyStore store;
    try {
      store = keyStore(s, prefix, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new StartException(prefix + " " + s.get(prefix) + ": " + e.getMessage(), e);
    }
    try {
      if (store.size() == 0) {
        throw new IllegalArgumentException(prefix + " " + s.get(prefix) + " shows no certificate"
            + (password == null ? " without its password: set " + prefix + "PasswordEnv (a variable) or " + prefix + "Password" : ""));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new StartException(prefix + " " + s.get(prefix) + ": " + e.getMessage(), e);
    }
  }

  /** Fails to start, naming the setting, if the file {@code key} names cannot be read. */
  private static void readable(Map<String, String> s, String key) throws StartException {
    Path file = Path.of(s.get(key));
    if (!Files.isReadable(file)) {
      throw new StartException(key + " " + file + ": " + (Files.exists(file) ? "cannot read the file" : "no such file"), null);
    }
  }

  private static KeyStore keyStore(Map<String, String> s, String prefix, char[] password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(s.getOrDefault(prefix + "Type", "PKCS12"));
    try (InputStream in = Files.newInputStream(Path.of(s.get(prefix)))) {
      store.load(in, password);
    }
    return store;
  }

  private static char[] password(Map<String, String> s, String prefix) {
    String env = s.get(prefix + "PasswordEnv");
    if (env != null) {
      String value = System.getenv(env);
      if (value == null) {
        throw new IllegalArgumentException(prefix + "PasswordEnv names " + env + ", which is not set");
      }
      return value.toCharArray();
    }
    String plain = s.get(prefix + "Password");
    return plain == null ? null : plain.toCharArray();
  }

  private static Class<?> load(String name, String what) throws StartException {
    try {
      return Class.forName(name.strip(), true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new StartException(what + ": cannot load class " + name.strip() + " (is it on the class path?)", e);
    }
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      for (String s : list.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static int integer(Map<String, String> s, String key, Integer otherwise) {
    String value = s.get(key);
    if (value == null) {
      if (otherwise == null) {
        throw new IllegalArgumentException(key + " is required");
      }
      return otherwise;
    }
    return number(key, value);
  }

  private static int number(String what, String value) {
    String digits = value.strip().replace("_", "");
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      if (digits.matches("[-+]?[0-9]+")) {
        throw new IllegalArgumentException(what + " must be from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
            + ", not " + value.strip());
      }
      throw new IllegalArgumentException(what + " is not a number: '" + value + "'");
    }
  }

  private static boolean bool(Map<String, String> s, String key) {
    String v = s.get(key).strip().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " is true or false, not '" + s.get(key) + "'");
    }
    return v.equals("true");
  }

  /** {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT30S}); {@code 0} is zero. */
  static Duration duration(String what, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.equals("0")) {
        return Duration.ZERO;
      }
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(what + " is not a duration (30s, 500ms, 5m, 2h, 1d, PT30S): '" + value + "'");
    } catch (ArithmeticException e) { // a count of minutes or hours too large for a Duration
      throw new IllegalArgumentException(what + " must be at most " + Waits.LONGEST.toDays()
          + " days, got '" + value + "'");
    }
  }

  // ------------------------------------------------------------------ the command line

  private static final class Options {
    final Map<String, String> fromLine = new LinkedHashMap<>();
    Path config;
    boolean help;
    boolean status;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--help") || option.equals("-h")) {
          o.help = true;
          continue;
        }
        if (option.equals("--status")) {
          o.status = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + option);
        }
        String value = args[++i];
        switch (option) {
          case "--config" -> o.config = Path.of(value);
          case "--host" -> o.fromLine.put("host", value);
          case "--port" -> o.fromLine.put("port", value);
          case "--auth-key-file" -> o.authKey("authKeyFile", value);
          case "--auth-key-env" -> o.authKey("authKeyEnv", value);
          case "--share" -> o.named("share.", option, value);
          case "--channel" -> o.named("channel.", option, value);
          case "--builtin" -> o.named("builtin.", option, value);
          case "--limit" -> o.named("limit.", option, value);
          case "--register" -> o.fromLine.merge("register", value, (a, b) -> a + "," + b);
          case "--tls-key-store" -> o.fromLine.put("tls.keyStore", value);
          case "--tls-trust-store" -> o.fromLine.put("tls.trustStore", value);
          case "--jmx" -> o.fromLine.put("jmx", value);
          case "--shared-memory" -> o.fromLine.put("sharedMemory", value);
          case "--shared-memory-directory" -> o.fromLine.put("sharedMemoryDirectory", value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      return o;
    }

    /** The key one way; the command line may not give both (a file may be overridden by the other). */
    private void authKey(String key, String value) {
      String other = key.equals("authKeyFile") ? "authKeyEnv" : "authKeyFile";
      if (fromLine.containsKey(other)) {
        throw new IllegalArgumentException("give the auth key either as a file (--auth-key-file) or as an environment"
            + " variable (--auth-key-env), not both");
      }
      fromLine.put(key, value);
    }

    private void named(String prefix, String option, String value) {
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(option + " takes NAME=…, not '" + value + "'");
      }
      fromLine.put(prefix + value.substring(0, eq), value.substring(eq + 1));
    }

    /** The file's settings, overridden by the command line's; sorted, so starts are reproducible. */
    Map<String, String> settings() {
      Map<String, String> all = new TreeMap<>();
      if (config != null) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
          file.load(in);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the config file " + config + ": " + e.getMessage(), e);
        }
        for (String key : file.stringPropertyNames()) {
          all.put(key, file.getProperty(key).strip());
        }
      }
      for (Map.Entry<String, String> e : fromLine.entrySet()) {
        if (e.getKey().equals("authKeyFile")) {
          all.remove("authKeyEnv");
        } else if (e.getKey().equals("authKeyEnv")) {
          all.remove("authKeyFile");
        }
        all.put(e.getKey(), e.getValue());
      }
      return all;
    }
  }
}
