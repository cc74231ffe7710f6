package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.testing.TestThreads;
import io.typedipc.ChannelClosedException;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The promises of the Javadoc of Pipe, PipeEnd and PipeListener that other tests do not try. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavadocPipesTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  @Test
  void aPipeEndThatNeitherSendsNorReceivesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Pipe.listen(key, Void.class, Void.class));
    assertThrows(IllegalArgumentException.class, () -> Pipe.connect("127.0.0.1:1", key, Void.class, Void.class));
    assertThrows(IllegalArgumentException.class, () -> Pipe.connect("127.0.0.1:0", key, Void.class, Numbers.class));
    assertThrows(NullPointerException.class, () -> Pipe.listen(null, Void.class, Numbers.class));
  }

  @Test
  void aListenerMakesOnePipeAndItsCloseIsIdempotent() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    assertFalse(listener.token().endsWith("/shm"), "shared memory is off by default");
    assertTrue(listener.sharedMemory(true).token().endsWith("/shm"));
    assertSame(listener, listener.sharedMemory(false));
    String token = listener.token();
    assertEquals("127.0.0.1:" + listener.address().getPort(), token);
    CompletableFuture<PipeEnd<Numbers, Void>> other = CompletableFuture.supplyAsync(
        () -> Pipe.connect(token, key, Numbers.class, Void.class), TestThreads.EACH);
    try (PipeEnd<Void, Numbers> in = listener.accept(LONG); PipeEnd<Numbers, Void> out = other.get(30, TimeUnit.SECONDS)) {
      // accept closed the listener: a second accept fails, and so does handing it to a child
      assertThrows(IllegalStateException.class, () -> listener.accept(Duration.ZERO));
      assertThrows(IllegalStateException.class, listener::token);
      assertThrows(IllegalStateException.class, () -> ChildProcess.builder(PipeChildMain.class).pipe("p", listener));
      listener.close();
      listener.close();
      assertFalse(in.usesSharedMemory());
      assertFalse(out.usesSharedMemory());
      CollectedNumbers c = new CollectedNumbers();
      assertFalse(in.receive(c, Duration.ZERO));
      assertFalse(in.poll(Duration.ZERO));
      assertThrows(IllegalStateException.class, in::sender);
      assertThrows(IllegalStateException.class, in::exclusiveSender);
      out.sender().number(1);
      out.sender().number(2);
      out.flush();
      assertTrue(in.poll(LONG));
      assertTrue(in.receive(c, LONG));
      out.close();
      out.close();
      assertThrows(ChannelClosedException.class, () -> out.sender().number(3));
      assertEquals(1, in.drain(c));
      assertEquals(List.of(1L, 2L), c.numbers);
      assertTrue(in.isOtherEndClosed());
      assertTrue(in.poll(Duration.ZERO));
      assertThrows(EndOfStreamException.class, () -> in.receive(c, Duration.ZERO));
      assertEquals(0, in.drain(c));
    }
  }

  @Test
  void anAcceptThatFailedClosedTheListener() {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    assertThrows(io.typedipc.ConnectionLostException.class, () -> listener.accept(Duration.ofMillis(10)));
    assertThrows(IllegalStateException.class, () -> listener.accept(Duration.ZERO));
  }

  @Test
  void aClosedListenerIsRefusedByAChildsBuilder() {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    listener.close();
    listener.close();
    assertThrows(IllegalStateException.class, () -> listener.accept(LONG));
    assertThrows(IllegalStateException.class, () -> ChildProcess.builder(PipeChildMain.class).pipe("p", listener));
  }
}
