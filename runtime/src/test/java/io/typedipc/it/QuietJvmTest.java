package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.AuthKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JVM that uses typedipc prints nothing it did not ask for: in particular, on JDK 24 and later,
 * no {@code sun.misc.Unsafe} warnings from Kryo (CI runs this suite on JDK 17 and on JDK 25).
 */
@Timeout(120)
class QuietJvmTest {
  @Test
  void aManagerAndAClientPrintNothingButTheirOwnOutput() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(QuietMain.class, AuthKey.generate())) {
      assertEquals(0, jvm.waitFor(Duration.ofSeconds(90)), jvm.output());
      List<String> lines = jvm.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(List.of("DONE"), lines,
          "JDK " + Runtime.version() + " printed more than the program did");
    }
  }

  @Test
  void kryoUsesNoUnsafeOnTheJdksThatWarn() throws Exception {
    io.typedipc.internal.serial.Serialization.create(List.of(), List.of(Money.class), 8);
    boolean unsafe = com.esotericsoftware.kryo.util.Util.unsafe;
    if (Runtime.version().feature() >= 24 && System.getProperty("kryo.unsafe") != null
        && !System.getProperty("kryo.unsafe").equals("false")) {
      return; // set explicitly by whoever runs the tests: their choice stands
    }
    assertEquals(Runtime.version().feature() < 24, unsafe,
        "Kryo's unsafe paths on JDK " + Runtime.version().feature());
  }
}
