package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ProtocolException;
import io.typedipc.it.Drifting;
import io.typedipc.it.DriftingVersion2;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/exceptions.md's "two versions of a class" in a pool: a worker JVM running another version
 * of a declared exception fails the task with the ProtocolException that says so — not with a
 * WorkerDiedException for a worker that the pool itself killed — and the pool goes on serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerPoolProtocolTest {

  @Test
  void aWorkerOfAnotherVersionFailsTheTaskWithAProtocolExceptionAndThePoolGoesOn(@TempDir Path dir) throws Exception {
    Path classes = DriftingVersion2.compile(dir, Map.of("io/typedipc/process/Drifter.java", """
        package io.typedipc.process;
        public final class Drifter implements io.typedipc.it.Drifting {
          public void fail() throws DriftException { throw new DriftException("drifted", 7, "version 2"); }
          public String echo(String s) { return s; }
        }
        """));
    String classpath = classes + File.pathSeparator + System.getProperty("java.class.path");
    try (WorkerPool<Drifting> pool = WorkerPool.builder(Drifting.class, Drifter.class).workers(1)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).classpath(classpath).outputPrefix("[worker] ")).start()) {
      assertEquals("before", pool.submit(w -> w.echo("before")).get(60, TimeUnit.SECONDS));
      ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(w -> {
        w.fail();
        return null;
      }).get(60, TimeUnit.SECONDS));
      ProtocolException failure = assertInstanceOf(ProtocolException.class, e.getCause(), String.valueOf(e.getCause()));
      assertTrue(failure.getMessage().contains(Drifting.DriftException.class.getName()), failure.getMessage());
      assertTrue(failure.getMessage().contains("different versions of the class"), failure.getMessage());
      assertEquals("after", pool.submit(w -> w.echo("after")).get(60, TimeUnit.SECONDS), "a new worker serves");
    }
  }
}
