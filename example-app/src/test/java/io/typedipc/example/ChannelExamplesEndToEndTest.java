package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.pipe.Reply;
import io.typedipc.example.pipe.SendList;
import io.typedipc.example.pipe.SendTwice;
import io.typedipc.example.pipe.UntilEof;
import io.typedipc.example.queue.GetterPutter;
import io.typedipc.example.queue.ProducerConsumer;
import io.typedipc.junit.ChildJvms;
import io.typedipc.junit.TypedIpcTest;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipe and queue examples, each run as users run it: it starts its child JVMs (ChildProcess, with
 * the pipe end or the channel handle) and checks itself; no JVM is left behind ({@link ChildJvms}).
 */
@TypedIpcTest
class ChannelExamplesEndToEndTest {

  @ParameterizedTest
  @ValueSource(classes = {SendList.class, SendTwice.class, Reply.class, UntilEof.class, GetterPutter.class, ProducerConsumer.class})
  void exampleRunsAcrossJvmsAndPasses(Class<?> example, ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, Duration.ofSeconds(90), example);
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("RESULT: PASS"), run.out());
  }
}
