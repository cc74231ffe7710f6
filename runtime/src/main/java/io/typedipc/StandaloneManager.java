package io.typedipc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Manager as its own process:
 *
 * <pre>
 * java -cp app.jar:typedipc-runtime.jar:kryo.jar:… io.typedipc.StandaloneManager \
 *     --port 6000 --auth-key-file manager.key \
 *     --share counter=com.example.Counter:com.example.CounterImpl
 * </pre>
 *
 * <p>Options: {@code --host H} (default 127.0.0.1), {@code --port N} (required; 0 picks one and
 * prints it), {@code --auth-key-file F} (required; as written by {@link AuthKey#writeTo}, or use
 * {@code --auth-key-env VAR}), {@code --share name=Interface:Implementation} (repeatable; the
 * implementation needs a public no-arg constructor), {@code --channel name=Interface:capacity}
 * (repeatable; a {@code @Channel} interface), {@code --register Class} (repeatable). It
 * prints {@code typedipc manager listening on host:port} when ready and serves until killed.
 */
public final class StandaloneManager {
  private StandaloneManager() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws Exception {
    Manager.Builder builder = Manager.builder();
    String host = "127.0.0.1";
    Integer port = null;
    boolean keyGiven = false;
    List<String> shares = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : usage("missing value after " + option);
      switch (option) {
        case "--host" -> host = value;
        case "--port" -> port = Integer.parseInt(value);
        case "--auth-key-file" -> {
          builder.authKey(AuthKey.fromFile(Path.of(value)));
          keyGiven = true;
        }
        case "--auth-key-env" -> {
          builder.authKey(AuthKey.fromEnvironment(value));
          keyGiven = true;
        }
        case "--share" -> shares.add(value);
        case "--channel" -> channel(builder, value);
        case "--register" -> builder.register(Class.forName(value));
        default -> usage("unknown option " + option);
      }
    }
    if (port == null || !keyGiven) {
      usage("--port and an auth key (--auth-key-file or --auth-key-env) are required");
    }
    builder.address(host, port);
    for (String share : shares) {
      share(builder, share);
    }
    Manager manager = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(manager::close, "typedipc-manager-shutdown"));
    System.out.println("typedipc manager listening on " + manager.address().getHostString() + ":" + manager.port());
    manager.awaitTermination();
  }

  private static void share(Manager.Builder builder, String spec) throws ReflectiveOperationException {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0) {
      usage("--share takes name=Interface:Implementation, not " + spec);
    }
    Class<?> type = Class.forName(spec.substring(eq + 1, colon));
    Object target = Class.forName(spec.substring(colon + 1)).getConstructor().newInstance();
    shareUnchecked(builder, type, spec.substring(0, eq), target);
  }

  private static void channel(Manager.Builder builder, String spec) throws ClassNotFoundException {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':', eq + 1);
    if (eq <= 0 || colon < 0) {
      usage("--channel takes name=Interface:capacity, not " + spec);
    }
    int capacity = 0;
    try {
      capacity = Integer.parseInt(spec.substring(colon + 1));
    } catch (NumberFormatException e) {
      usage("--channel takes name=Interface:capacity; the capacity is not a number in " + spec);
    }
    builder.channel(Class.forName(spec.substring(eq + 1, colon)), spec.substring(0, eq), capacity);
  }

  @SuppressWarnings("unchecked")
  private static <T> void shareUnchecked(Manager.Builder builder, Class<T> type, String name, Object target) {
    if (!type.isInstance(target)) {
      usage(target.getClass().getName() + " does not implement " + type.getName());
    }
    builder.share(type, name, (T) target);
  }

  private static String usage(String problem) {
    System.err.println("typedipc StandaloneManager: " + problem);
    System.err.println("usage: --port N (--auth-key-file F | --auth-key-env VAR) [--host H]"
        + " [--share name=Interface:Implementation]... [--channel name=Interface:capacity]... [--register Class]...");
    System.exit(2);
    return problem;
  }
}
