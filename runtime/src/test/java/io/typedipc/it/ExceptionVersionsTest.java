package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.ProtocolException;
import io.typedipc.StandaloneManager;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/exceptions.md, "Two versions of a class": a Manager compiled with another version of a
 * declared exception (one more field; the interface's methods, hence its fingerprint, unchanged)
 * throws it; the client's reading fails with a ProtocolException that says so, instead of setting
 * the wrong fields.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExceptionVersionsTest {

  @Test
  void anExceptionOfAnotherVersionFailsToReadWithAProtocolExceptionSayingSo(@TempDir Path dir) throws Exception {
    Path classes = DriftingVersion2.compile(dir, Map.of("io/typedipc/it/DriftingV2.java", """
        package io.typedipc.it;
        public class DriftingV2 implements Drifting {
          public void fail() throws DriftException { throw new DriftException("drifted", 7, "version 2"); }
          public String echo(String s) { return s; }
        }
        """));

    AuthKey key = AuthKey.generate();
    String classpath = classes + File.pathSeparator + System.getProperty("java.class.path");
    try (ChildJvm manager = ChildJvm.start(classpath, StandaloneManager.class, key, "--port", "0", "--auth-key-env",
        ChildJvm.KEY_ENV, "--jmx", "false", "--share", "drifting=io.typedipc.it.Drifting:io.typedipc.it.DriftingV2")) {
      String address = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connect()) {
        Drifting drifting = client.shared(Drifting.class, "drifting");
        assertEquals("before", drifting.echo("before"));
        ProtocolException e = assertThrows(ProtocolException.class, drifting::fail);
        assertTrue(e.getMessage().contains(Drifting.DriftException.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("different versions of the class"), e.getMessage());
      }
    }
  }
}
