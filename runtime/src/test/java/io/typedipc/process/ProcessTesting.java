package io.typedipc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared settings and checks of the process tests. */
final class ProcessTesting {
  /** Small, quick-starting child JVMs. */
  static final String[] JVM_OPTIONS = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx96m"};

  /** Generous: the test machine may be loaded. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private ProcessTesting() {}

  /** The pids of this JVM's living descendants. */
  static Set<Long> descendants() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  /** Fails unless no descendant other than those in {@code before} is alive. */
  static void assertNoNewDescendants(Set<Long> before) {
    Set<Long> now = descendants();
    now.removeAll(before);
    assertEquals(Set.of(), now, "JVMs left running: " + now);
  }
}
