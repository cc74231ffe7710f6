package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime logs through {@code System.Logger} (see {@link LoggerNames}) and prints nothing
 * itself, but in the documented places: the child's output forwarded by {@code ChildProcess}, the
 * child launcher's announcement line to its parent, and {@code StandaloneManager}'s command-line
 * output.
 */
@Timeout(60)
class NoDirectPrintsTest {
  private static final Pattern PRINT =
      Pattern.compile("System\\.(out|err)\\b|\\.printStackTrace\\(\\s*\\)");

  /** File → how many lines may print, and why. */
  private static final Map<String, Integer> ALLOWED = Map.of(
      "io/typedipc/process/ChildProcess.java", 2,      // forwards the child's stdout and stderr
      "io/typedipc/process/ChildLauncher.java", 5,     // flushes before exit; the announce line
      "io/typedipc/StandaloneManager.java", Integer.MAX_VALUE); // a command-line program

  @Test
  void libraryCodeDoesNotPrint() throws IOException {
    Path root = Path.of("src/main/java");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String name = root.relativize(file).toString().replace('\\', '/');
        List<String> lines = Files.readAllLines(file);
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
            continue; // Javadoc and comments may show examples
          }
          if (PRINT.matcher(line).find()) {
            count++;
            if (count > ALLOWED.getOrDefault(name, 0)) {
              found.add(name + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    assertEquals(List.of(), found, "print through System.Logger (LoggerNames) instead");
  }
}
