package io.typedipc.benchmarks;

import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.Map;

/**
 * The RMI baseline's client: {@code case=sync} (latency of {@code increment(1)}) or
 * {@code case=threads} ({@code threads} threads sharing one stub; RMI opens a connection per
 * concurrent call).
 */
public final class RmiClient {

  private RmiClient() {}

  public static void main(String[] argv) {
    ChildSupport.dieWithParent();
    try {
      Map<String, String> args = ChildSupport.parse(argv);
      int port = Integer.parseInt(ChildSupport.arg(args, "port"));
      Measure.Settings s = Measure.Settings.from(args);
      Registry registry = LocateRegistry.getRegistry("127.0.0.1", port);
      BenchRemote bench = (BenchRemote) registry.lookup("bench");
      Measure.IntCall call = x -> bench.increment(1);
      switch (ChildSupport.arg(args, "case")) {
        case "sync" -> Measure.latency(call, s);
        case "threads" -> Measure.threads(ChildSupport.intArg(args, "threads", 4), t -> call, s);
        default -> throw new IllegalArgumentException("case=" + args.get("case"));
      }
      System.exit(0);
    } catch (Throwable t) {
      ChildSupport.fail(t);
      System.exit(1);
    }
  }
}
