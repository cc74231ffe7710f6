package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.util.List;

/**
 * The entry of a {@link WorkerPool} worker: creates the one instance of the implementation, runs
 * the initializer on it, shares it under {@value #NAME} on a free loopback port with the pool's
 * key, announces the port and serves until stdin closes. Arguments: interface, implementation,
 * initializer (or empty), key (Base64), n, n registered classes, then the user's own.
 */
final class WorkerEntry implements ProcessEntry {
  static final String NAME = "worker";

  @Override
  public void run(ChildContext ctx) throws Exception {
    List<String> args = ctx.args();
    Class<?> type = EntryClasses.load(args.get(0));
    Object worker = EntryClasses.instantiate(EntryClasses.load(args.get(1)));
    if (!args.get(2).isEmpty()) {
      @SuppressWarnings("unchecked")
      WorkerInitializer<Object> initializer = (WorkerInitializer<Object>) EntryClasses.instantiate(EntryClasses.load(args.get(2)));
      initializer.initialize(worker);
    }
    Manager.Builder builder = Manager.builder().address(0).authKey(AuthKey.fromBase64(args.get(3)));
    int registered = Integer.parseInt(args.get(4));
    for (String name : args.subList(5, 5 + registered)) {
      builder.register(EntryClasses.load(name));
    }
    Manager manager = share(builder, type, worker).start();
    ChildLauncher.announce(Integer.toString(manager.port()));
    manager.awaitTermination();
  }

  @SuppressWarnings("unchecked")
  private static <W> Manager.Builder share(Manager.Builder builder, Class<W> type, Object worker) {
    return builder.share(type, NAME, (W) worker);
  }
}
