package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.util.List;

/**
 * The entry of a {@link ManagerProcess} child: runs the initializer, starts the Manager on the
 * address and key from the bootstrap, announces {@code host:port}, serves until stdin closes.
 * Arguments: initializer class, auth key (Base64), host, port, n, n registered classes, then the
 * user's own.
 */
final class ManagerEntry implements ProcessEntry {
  @Override
  public void run(ChildContext ctx) throws Exception {
    List<String> args = ctx.args();
    AuthKey key = AuthKey.fromBase64(args.get(1));
    Manager.Builder builder = Manager.builder().address(args.get(2), Integer.parseInt(args.get(3)));
    int registered = Integer.parseInt(args.get(4));
    for (String type : args.subList(5, 5 + registered)) {
      builder.register(EntryClasses.load(type));
    }
    ManagerInitializer initializer = (ManagerInitializer) EntryClasses.instantiate(EntryClasses.load(args.get(0)));
    initializer.initialize(builder);
    Manager manager = builder.authKey(key).start();
    ChildLauncher.onStop(manager::close); // ManagerProcess.close(): return, and the child exits 0
    ChildLauncher.announce(manager.port() + "");
    manager.awaitTermination();
  }
}
