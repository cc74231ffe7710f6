package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.SerializationException;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's failure table for a pipe: "a message over the frame limit → SerializationException,
 * before anything is sent". Checked at the send call, and by the receiver: it gets the messages
 * before and after the refused one, and nothing of it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeFailuresTest {
  private final AuthKey key = AuthKey.generate();

  @Test
  void aMessageOverTheFrameLimitIsRefusedAtTheSendAndThePipeGoesOn() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Numbers, Void>> connecting = CompletableFuture.supplyAsync(
        () -> Pipe.connect(listener.token(), key, Numbers.class, Void.class), TestThreads.EACH);
    try (PipeEnd<Void, Numbers> in = TestTransport.checked(listener.accept(Duration.ofSeconds(30)));
        PipeEnd<Numbers, Void> out = TestTransport.checked(connecting.get(30, TimeUnit.SECONDS))) {
      String tooBig = "x".repeat(16 * 1024 * 1024 + 1); // over the 16 MiB frame limit by itself
      out.sender().number(1);
      SerializationException e = assertThrows(SerializationException.class, () -> out.sender().words(List.of(tooBig)));
      assertTrue(e.getMessage().contains("more than the limit of"), e.getMessage());
      out.sender().number(2);
      out.close();
      List<String> got = new ArrayList<>();
      Numbers collect = new Numbers() {
        @Override
        public void number(long n) {
          got.add("number " + n);
        }

        @Override
        public void words(List<String> words) {
          got.add("words of " + words.get(0).length() + " characters");
        }
      };
      assertEquals(2, in.drain(collect));
      assertEquals(List.of("number 1", "number 2"), got);
    }
  }
}
