package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * ReconnectPolicy's Javadoc: what none() and standard() are, what backoff and withLivenessCheck
 * take and refuse, that a policy is immutable, and what its accessors and toString() say.
 * (FailoverTest holds the delays of backoff and its refusals of bad delays and attempts.)
 */
class ReconnectPolicyTest {

  @Test
  void noneNeverReconnects() {
    ReconnectPolicy none = ReconnectPolicy.none();
    assertFalse(none.reconnects());
    assertEquals(0, none.maxAttempts());
    assertEquals(Duration.ZERO, none.livenessCheck());
    assertEquals("ReconnectPolicy.none()", none.toString());
    assertThrows(IllegalArgumentException.class, () -> none.withLivenessCheck(Duration.ZERO));
  }

  /**
   * standard(): "100 ms, 200 ms, … up to 2 s between attempts, at most 10 attempts (about 11 s in
   * all …), checking the Manager every second while connected".
   */
  @Test
  void standardIsWhatItsJavadocSays() {
    ReconnectPolicy standard = ReconnectPolicy.standard();
    assertTrue(standard.reconnects());
    assertEquals(Duration.ofMillis(100), standard.firstDelay());
    assertEquals(Duration.ofSeconds(2), standard.maxDelay());
    assertEquals(10, standard.maxAttempts());
    assertEquals(Duration.ofMillis(ReconnectPolicy.DEFAULT_CHECK_MILLIS), standard.livenessCheck());
    assertEquals(Duration.ofSeconds(1), standard.livenessCheck());
    Duration all = Duration.ZERO;
    for (int attempt = 1; attempt <= standard.maxAttempts(); attempt++) {
      all = all.plus(standard.delayBefore(attempt));
    }
    assertEquals(Duration.ofMillis(11_100), all, "about 11 s in all");
    assertEquals("ReconnectPolicy[PT0.1S to PT2S between attempts, at most 10 attempts, liveness check every PT1S]",
        standard.toString());
  }

  /**
   * backoff: the first attempt at once, the liveness check every DEFAULT_CHECK_MILLIS,
   * Integer.MAX_VALUE attempts for "never give up"; withLivenessCheck: a new policy (the original
   * is unchanged: immutable), ZERO for none, negative refused.
   */
  @Test
  void backoffAndWithLivenessCheckMakeNewPoliciesAndLeaveTheOriginal() {
    ReconnectPolicy p = ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(50), Integer.MAX_VALUE);
    assertEquals(Duration.ZERO, p.delayBefore(1));
    assertEquals(Duration.ofMillis(50), p.delayBefore(Integer.MAX_VALUE));
    assertEquals(Duration.ofSeconds(1), p.livenessCheck());
    assertTrue(p.toString().contains("at most unlimited attempts"), p.toString());
    ReconnectPolicy unchecked = p.withLivenessCheck(Duration.ZERO);
    assertNotSame(p, unchecked);
    assertEquals(Duration.ZERO, unchecked.livenessCheck());
    assertTrue(unchecked.toString().endsWith("liveness check off]"), unchecked.toString());
    assertEquals(Duration.ofSeconds(1), p.livenessCheck(), "the original is unchanged");
    assertEquals(Duration.ofMillis(250), ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(250)).livenessCheck());
    assertEquals(Duration.ofSeconds(1), ReconnectPolicy.standard().livenessCheck(), "standard() is unchanged");
    assertThrows(IllegalArgumentException.class, () -> p.withLivenessCheck(Duration.ofMillis(-1)));
    assertEquals(1, ReconnectPolicy.backoff(Duration.ofMillis(1), Duration.ofMillis(1), 1).maxAttempts(), "1 attempt is the least");
  }
}
