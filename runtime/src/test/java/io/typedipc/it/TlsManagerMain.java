package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Manager over TLS, with shared memory on (which TLS connections must not use): args are a
 * PKCS#12 key store and its (throwaway, test-only) password ({@code - -}: a context without a key),
 * and optionally the port (default 0: any).
 */
public final class TlsManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    SSLContext tls = SSLContext.getInstance("TLS");
    if (args[0].equals("-")) {
      tls.init(null, null, null); // a misconfigured Manager: no key and certificate
    } else {
      char[] password = args[1].toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
        store.load(in, password);
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      tls.init(keys.getKeyManagers(), null, null);
    }
    Manager manager = Manager.builder()
        .address(args.length > 2 ? Integer.parseInt(args[2]) : 0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .tls(tls)
        .sharedMemory(true) // asked for, never used with TLS
        .share(TestService.class, "service", new TestServiceImpl())
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
