package io.typedipc.process;

import static io.typedipc.process.HandleEntries.LONG;
import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedValue;
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
 * follows the token onto shared memory; and a child handed objects of a client that uses shared
 * memory connects the same way.
 */
class SharedMemoryPipeTest {

  @Test
  @Timeout(120)
  void aChildHandedObjectsOfASharedMemoryClientConnectsOverSharedMemoryToo() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).sharedMemory(true).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .sharedMemory(true).connect()) {
      assertTrue(client.usesSharedMemory(), "the parent's client stayed on TCP");
      SharedLock lock = client.lock("lock");
      SharedValue<Long> v = client.value("v", 0L);
      ChildProcess child = ChildProcess.builder(HandleEntries.OverSharedMemory.class).jvmOptions(JVM_OPTIONS)
          .handle("lock", lock).handle("v", v).captureOutput().start();
      assertEquals(0, child.join(), child.output());
      assertEquals(1L, v.get());
    }
  }

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
