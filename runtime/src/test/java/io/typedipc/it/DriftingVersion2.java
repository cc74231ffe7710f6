package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Version 2 of {@link Drifting}, compiled at test time for another JVM's classpath: its {@link
 * Drifting.DriftException} has one more field, and the interface's methods (hence its fingerprint)
 * are unchanged, so the two JVMs connect and only reading that exception fails.
 */
public final class DriftingVersion2 {
  private DriftingVersion2() {}

  /**
   * Compiles version 2 of {@code Drifting}, and {@code more} classes (by file path below the source
   * root, e.g. {@code "io/typedipc/it/DriftingV2.java"}) against it, into {@code dir}/classes.
   *
   * @return the classes directory, to put before this JVM's classpath
   */
  public static Path compile(Path dir, Map<String, String> more) throws IOException {
    Path src = dir.resolve("src");
    Path drifting = src.resolve("io/typedipc/it/Drifting.java");
    Files.createDirectories(drifting.getParent());
    Files.writeString(drifting, """
        package io.typedipc.it;
        @io.typedipc.annotation.Shared
        public interface Drifting {
          void fail() throws DriftException;
          String echo(String s);
          class DriftException extends Exception {
            private static final long serialVersionUID = 2L;
            private final int code;
            private final String reason;
            public DriftException(String message, int code, String reason) {
              super(message);
              this.code = code;
              this.reason = reason;
            }
            public int code() { return code; }
            public String reason() { return reason; }
          }
        }
        """);
    List<String> args = new ArrayList<>(List.of("-proc:full", "-d", dir.resolve("classes").toString(),
        "-cp", System.getProperty("java.class.path"), drifting.toString()));
    for (Map.Entry<String, String> file : more.entrySet()) {
      Path path = src.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      args.add(path.toString());
    }
    Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compiling version 2 failed");
    return dir.resolve("classes");
  }
}
