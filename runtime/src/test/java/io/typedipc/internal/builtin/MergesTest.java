package io.typedipc.internal.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MergesTest {

  @Test
  void bigDecimalsOfOrdinaryScalesAdd() {
    assertEquals(new BigDecimal("3.75"), Merges.sum(new BigDecimal("1.5"), new BigDecimal("2.25")));
  }

  /**
   * Found while fuzzing: 20 bytes (unscaled value 1, scale near Integer.MAX_VALUE) sent to a SUM
   * merge made the Manager's thread compute a number of billions of digits. It is refused at once.
   */
  @Test
  void aSumBridgingAHugeGapOfScalesIsRefusedAtOnce() {
    BigDecimal tiny = new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE - 1);
    IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(IllegalArgumentException.class, () -> Merges.sum(BigDecimal.ONE, tiny)));
    assertEquals(true, e.getMessage().contains("scales differ by"), e.getMessage());
  }
}
