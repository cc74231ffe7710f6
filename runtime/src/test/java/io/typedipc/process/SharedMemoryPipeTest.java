package io.typedipc.process;

import static io.typedipc.process.HandleEntries.LONG;
import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.pipe.Numbers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's promise for pipes over shared memory: a listener that offers it gives a token
 * ending in {@code /shm}, and a child JVM given the pipe through {@code ChildProcess.Builder.pipe}
 * follows the token onto shared memory.
 */
class SharedMemoryPipeTest {

  @Test
  @Timeout(120)
  void aChildGivenAListenerThatOffersSharedMemoryMovesItsPipeThere() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> plain = Pipe.listen(key, Void.class, Numbers.class);
    assertFalse(plain.token().endsWith("/shm"), plain.token());
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(true);
    assertTrue(listener.token().endsWith("/shm"), listener.token());
    ChildProcess sender = ChildProcess.builder(HandleEntries.PipeSender.class).jvmOptions(JVM_OPTIONS)
        .pipe("out", listener).captureOutput().start();
    try (PipeEnd<Void, Numbers> in = listener.accept(LONG)) {
      assertTrue(in.usesSharedMemory(), "the child's pipe stayed on TCP");
      List<Long> got = new ArrayList<>();
      long n = in.drain(new Numbers() {
        @Override
        public void number(long x) {
          got.add(x);
        }

        @Override
        public void words(List<String> words) {}
      });
      assertEquals(1000, n);
      for (int i = 0; i < 1000; i++) {
        assertEquals(i, got.get(i));
      }
    } finally {
      plain.close();
      listener.close();
    }
    assertEquals(0, sender.join(), sender.output());
  }
}
