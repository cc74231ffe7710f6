package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A self-signed certificate for a Manager on 127.0.0.1 or localhost, made with the JDK's keytool, for TLS tests. */
final class TestCertificates {

  /** The Manager's key store, its certificate (PEM), and a trust store holding it or {@code null}; PKCS12. */
  record Stores(Path keyStore, Path certificate, Path trustStore) {}

  private TestCertificates() {}

  /** Makes the stores in {@code dir}, all with {@code password}; the trust store only if asked. */
  static Stores create(Path dir, String password, boolean withTrustStore) throws Exception {
    Path store = dir.resolve("manager.p12");
    Path cert = dir.resolve("manager.crt");
    keytool("-genkeypair", "-alias", "manager", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "manager", "-keystore", store.toString(), "-storepass", password,
        "-rfc", "-file", cert.toString());
    Path trust = null;
    if (withTrustStore) {
      trust = dir.resolve("trust.p12");
      keytool("-importcert", "-noprompt", "-alias", "manager", "-file", cert.toString(),
          "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", password);
    }
    return new Stores(store, cert, trust);
  }

  /** Runs the JDK's keytool; fails the test with its output unless it exits 0. */
  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "keytool failed: " + output);
  }
}
