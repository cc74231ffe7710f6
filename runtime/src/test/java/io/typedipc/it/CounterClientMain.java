package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Increments the shared counter N times and writes every value it got, one per line, to a file. */
public final class CounterClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    int times = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    try (ManagerClient client = TestTransport.connect(port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV));
        BufferedWriter w = Files.newBufferedWriter(out)) {
      TestService service = client.shared(TestService.class, "service");
      for (int i = 0; i < times; i++) {
        w.write(Integer.toString(service.increment()));
        w.newLine();
      }
    }
    System.out.println("DONE " + times);
  }
}
