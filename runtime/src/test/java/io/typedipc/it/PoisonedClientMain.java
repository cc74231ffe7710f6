package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client in a JVM where reading a {@link Poison} throws an {@code Error}: it parks a call, then
 * asks the Manager (at {@code args[0]}) for a Poison, and prints how each call ended and how long
 * it took: {@code GIVE <ms> <outcome>}, {@code PARKED <ms> <outcome>}, {@code CONNECTED <boolean>}.
 */
public final class PoisonedClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    // the Error ends the thread reading replies, as it should; its report goes to stdout in one
    // line, which cannot split a line of ours (stderr and stdout share the parent's pipe, and the
    // JVM's default report to stderr once cut "PARKED …" off the start of its line)
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.out.println("UNCAUGHT " + thread.getName() + " " + e));
    ManagerClient client = ManagerClient.builder().address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV)).connections(1).callTimeout(Duration.ofSeconds(30))
        .register(Poison.class).connect();
    PoisonSink sink = client.shared(PoisonSink.class, "sink");
    CompletableFuture<String> parked = client.shared(TestService.class, "concurrent").later(60_000, "late");
    sink.ping();
    long start = System.nanoTime();
    String give;
    try {
      sink.give();
      give = "RETURNED";
    } catch (Throwable t) {
      give = t.getClass().getName() + " " + String.valueOf(t.getMessage()).replace('\n', ' ');
    }
    System.out.println("GIVE " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " " + give);
    String outcome;
    try {
      outcome = "ANSWERED " + parked.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      outcome = e.getCause().getClass().getName() + " " + String.valueOf(e.getCause().getMessage()).replace('\n', ' ');
    } catch (TimeoutException e) {
      outcome = "HUNG";
    }
    System.out.println("PARKED " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " " + outcome);
    System.out.println("CONNECTED " + client.isConnected());
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
