package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.pipe.Reply;
import io.typedipc.example.pipe.SendList;
import io.typedipc.example.pipe.SendTwice;
import io.typedipc.example.pipe.UntilEof;
import io.typedipc.example.queue.GetterPutter;
import io.typedipc.example.queue.ProducerConsumer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipe and queue examples, each run as users run it: it starts its child JVMs (ChildProcess, with
 * the pipe end or the channel handle) and checks itself; no JVM is left behind.
 */
class ChannelExamplesEndToEndTest {

  @ParameterizedTest
  @ValueSource(classes = {SendList.class, SendTwice.class, Reply.class, UntilEof.class, GetterPutter.class, ProducerConsumer.class})
  void exampleRunsAcrossJvmsAndPasses(Class<?> example) throws Exception {
    try (ExampleJvm jvm = ExampleJvm.start(example)) {
      int exit = jvm.awaitExit(Duration.ofSeconds(90)); // also: no JVM it started is left running
      String out = jvm.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("RESULT: PASS"), out);
    }
  }
}
