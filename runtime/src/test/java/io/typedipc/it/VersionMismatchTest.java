package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.StandaloneManager;
import io.typedipc.VersionMismatchException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Manager compiled against another version of an interface: the first lookup fails, naming the
 * interface and the method that differs, over TCP and over shared memory alike (the README's
 * "fingerprints" among what works the same there), and the connection stays up. The Manager runs
 * {@link StandaloneManager} on a classpath where a second version of {@link Versioned}, compiled by
 * this test, comes first.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VersionMismatchTest {

  @ParameterizedTest(name = "shared memory: {0}")
  @ValueSource(booleans = {false, true})
  void differentInterfaceVersionsFailOnFirstUseNamingTheMethod(boolean sharedMemory, @TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/io/typedipc/it");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Versioned.java"), """
        package io.typedipc.it;
        @io.typedipc.annotation.Shared
        public interface Versioned {
          long value();
        }
        """);
    Files.writeString(src.resolve("VersionedV2.java"), """
        package io.typedipc.it;
        public class VersionedV2 implements Versioned {
          public long value() { return 2; }
        }
        """);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-proc:full", "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.resolve("Versioned.java").toString(), src.resolve("VersionedV2.java").toString());
    assertEquals(0, rc, "compiling version 2 failed");

    AuthKey key = AuthKey.generate();
    String classpath = classes + File.pathSeparator + System.getProperty("java.class.path");
    List<String> args = new ArrayList<>(List.of("--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--jmx", "false",
        "--share", "versioned=io.typedipc.it.Versioned:io.typedipc.it.VersionedV2"));
    if (sharedMemory) {
      args.addAll(List.of("--shared-memory", "true", "--shared-memory-directory", dir.toString()));
    }
    try (ChildJvm manager = ChildJvm.start(classpath, StandaloneManager.class, key, args.toArray(String[]::new))) {
      String address = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
          .sharedMemory(sharedMemory).connect()) {
        assertEquals(sharedMemory, client.usesSharedMemory(), "the transport the test asked for");
        VersionMismatchException e = assertThrows(VersionMismatchException.class,
            () -> client.shared(Versioned.class, "versioned"));
        for (String expected : List.of("io.typedipc.it.Versioned", "'int value()' exists only in the client",
            "'long value()' exists only in the Manager")) {
          assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        assertTrue(client.isConnected(), "a version mismatch is no reason to drop the connection");
      }
    }
  }
}
