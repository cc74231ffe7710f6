package io.typedipc.example.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the sync examples as users do, each main in a JVM of its own starting its worker JVMs. */
class SyncExamplesEndToEndTest {

  @Test
  @Timeout(90)
  void theLockRaceEndsAtExactlyZeroWithTheSharedLock() throws Exception {
    Run run = run(LockRace.class, "--iterations", "1000", "--timeout-seconds", "60");
    assertEquals(0, run.exit, run.out);
    assertTrue(run.out.contains("with a shared lock: data = 0 (expected 0)"), run.out);
    assertTrue(run.out.contains("without a lock: data = "), run.out);
    assertTrue(run.out.contains("added 1 1,000 times holding the lock"), run.out);
    assertTrue(run.out.contains("subtracted 1 1,000 times holding the lock"), run.out);
    assertTrue(run.out.contains("RESULT: PASS"), run.out);
  }

  @Test
  @Timeout(90)
  void everyNumberProducedIsConsumedExactlyOnce() throws Exception {
    Run run = run(ProducerConsumer.class, "--items", "1000", "--consumers", "2", "--timeout-seconds", "60");
    assertEquals(0, run.exit, run.out);
    assertTrue(run.out.contains("[producer] produced 1,000 numbers"), run.out);
    assertTrue(run.out.contains("taken 1,000 of 1,000 numbers"), run.out);
    assertTrue(run.out.contains("queue empty: true"), run.out);
    assertTrue(run.out.contains("RESULT: PASS"), run.out);
  }

  private record Run(int exit, String out) {}

  private static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), Charset.defaultCharset()))) {
      for (String line; (line = in.readLine()) != null; ) {
        System.out.println("  | " + line);
        out.append(line).append('\n');
      }
    }
    if (!p.waitFor(80, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), out.toString());
  }
}
