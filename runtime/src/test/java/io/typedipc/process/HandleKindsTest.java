package io.typedipc.process;

import static io.typedipc.process.HandleEntries.LONG;
import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelClosedException;
import io.typedipc.ChannelHandle;
import io.typedipc.EndOfStreamException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import io.typedipc.pipe.Numbers;
import io.typedipc.pipe.Replies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handles of every kind across JVMs: built-in containers, synchronizers, queues, channels, pipe ends. */
class HandleKindsTest {

  @Test
  @Timeout(180)
  void builtInObjectsAndChannelsReachChildrenAsHandles() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .channel(Events.class, "events", 100)
            .channel(Events.class, "back", 100)
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, Long> d = client.map("d");
      SharedList<Long> l = client.list("l");
      SharedValue<Long> v = client.value("v", 0L);
      SharedLock lock = client.lock("lock");
      SharedQueue<Integer> q = client.queue("q", Integer.class, 4);
      SharedEvent go = client.event("go");
      SharedSemaphore done = client.semaphore("done", 0);
      SharedCondition cond = client.rlock("rl").condition("ready");
      ChannelHandle<Events> events = client.channel(Events.class, "events");
      ChannelHandle<Events> back = client.channel(Events.class, "back");

      List<ChildProcess> children = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        children.add(ChildProcess.builder(HandleEntries.UsesBuiltinsAndChannels.class)
            .jvmOptions(JVM_OPTIONS)
            .args(Integer.toString(i))
            .handle("d", d).handle("l", l).handle("v", v).handle("lock", lock).handle("q", q)
            .handle("go", go).handle("done", done).handle("cond", cond).handle("events", events)
            .handles(back)
            .captureOutput()
            .start());
      }
      go.set();
      q.put(7);
      q.put(8);
      Producer<Events> replies = back.producer();
      replies.send().text("hello");
      replies.send().text("hello");
      assertTrue(done.tryAcquire(2, LONG), "the children did not finish");

      Set<String> items = new HashSet<>();
      try (Receiver<Events> r = events.receiver()) {
        for (int i = 0; i < 2; i++) {
          List<String> got = new ArrayList<>();
          assertTrue(r.receive(new HandleEntries.Texts(got), LONG));
          items.addAll(got);
        }
      }
      Set<Long> pids = new HashSet<>();
      Set<Integer> taken = new HashSet<>();
      for (ChildProcess child : children) {
        assertEquals(0, child.join(), child.output());
        String out = child.output();
        assertTrue(out.contains(", got [hello], condition " + cond.name() + ", capacity 100"), out);
        assertTrue(out.contains("MISUSE shared(SharedQueue, lock) -> IllegalArgumentException: handle 'lock' is a"
            + " SharedLock, not a SharedQueue\n"), out);
        assertTrue(out.contains("MISUSE shared(SharedMap, events) -> IllegalArgumentException: handle 'events' is a channel"
            + " of io.typedipc.channel.Events; get it with ChildContext.channel(\"events\", Events.class)"), out);
        assertTrue(out.contains("MISUSE channel(d) -> IllegalArgumentException: handle 'd' is not a channel but a SharedMap;"), out);
        assertTrue(out.contains("MISUSE shared(SharedMap, nosuch) -> IllegalArgumentException: the parent gave no handle named"
            + " 'nosuch'; it gave [d, l, v, lock, q, go, done, cond, events] by name (ChildProcess.Builder.handle(name, proxy))"
            + " and 1 by position"), out);
        assertTrue(out.contains("MISUSE channel(events, Numbers) -> IllegalArgumentException"), out);
        pids.add(child.pid());
        taken.add(out.contains("took 7") ? 7 : out.contains("took 8") ? 8 : -1);
      }
      assertEquals(100L, d.get("hits"));
      assertEquals(100L, v.get(), "the lock did not exclude the other child");
      assertEquals(pids, new HashSet<>(l.toList()));
      assertEquals(Set.of(7, 8), taken);
      assertEquals(2, items.size(), items.toString());
      assertTrue(items.contains("0:7") || items.contains("0:8"), items.toString());
      assertTrue(q.isEmpty());
    }
  }

  @Test
  @Timeout(120)
  void aChildsClientWaitsAsItsParentsClientDoes() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .lowLatency(true).blockingReads(true).maxPendingCalls(7).connect()) {
      SharedValue<Long> v = client.value("v", 0L);
      ChildProcess child = ChildProcess.builder(HandleEntries.WaitsAsItsParent.class).jvmOptions(JVM_OPTIONS)
          .args("true", "true", "7").handle("v", v).captureOutput().start();
      assertEquals(0, child.join(), child.output());
      assertEquals(1L, v.get());
    }
  }

  @Test
  @Timeout(180)
  void pipeEndsReachChildrenOneWayAndDuplexWithTheEndOfStream() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> oneWay = Pipe.listen(key, Void.class, Numbers.class);
    PipeListener<Numbers, Replies> duplex = Pipe.listen(key, Numbers.class, Replies.class);
    PipeListener<Numbers, Void> toChild = Pipe.listen(key, Numbers.class, Void.class);
    ChildProcess sender = ChildProcess.builder(HandleEntries.PipeSender.class).jvmOptions(JVM_OPTIONS)
        .pipe("out", oneWay).captureOutput().start();
    ChildProcess echo = ChildProcess.builder(HandleEntries.PipeEcho.class).jvmOptions(JVM_OPTIONS)
        .pipe("conn", duplex).captureOutput().start();
    ChildProcess drainer = ChildProcess.builder(HandleEntries.PipeDrainer.class).jvmOptions(JVM_OPTIONS)
        .pipe("in", toChild).captureOutput().start();

    try (PipeEnd<Void, Numbers> in = oneWay.accept(LONG)) {       // one way: the child sends, then closes
      List<Long> got = new ArrayList<>();
      Numbers collect = new Numbers() {
        @Override
        public void number(long x) {
          got.add(x);
        }

        @Override
        public void words(List<String> words) {}
      };
      long n = in.drain(collect);
      assertEquals(1000, n);
      for (int i = 0; i < 1000; i++) {
        assertEquals(i, got.get(i));
      }
      assertThrows(EndOfStreamException.class, () -> in.receive(collect));
    }

    try (PipeEnd<Numbers, Replies> conn = duplex.accept(LONG)) {  // duplex; the child returns without closing
      List<String> replies = new ArrayList<>();
      Replies collect = replies::add;
      for (long i = 1; i <= 3; i++) {
        conn.sender().number(i * 10);
        conn.flush();
        assertTrue(conn.receive(collect, LONG));
      }
      assertEquals(List.of("got 10", "got 20", "got 30"), replies);
      assertThrows(EndOfStreamException.class, () -> conn.receive(collect, LONG));
      assertTrue(conn.isOtherEndClosed());
      assertThrows(ChannelClosedException.class, () -> {
        conn.sender().number(1);
        conn.flush();
      });
    }

    try (PipeEnd<Numbers, Void> out = toChild.accept(LONG)) {     // this end closes: the child sees the end
      for (int i = 0; i < 500; i++) {
        out.sender().number(i);
      }
    }

    assertEquals(0, sender.join(), sender.output());
    assertTrue(sender.output().contains("MISUSE pipe(out) reversed -> IllegalArgumentException: pipe 'out' sends Numbers"
        + " and receives Void at this end"), sender.output());
    assertTrue(sender.output().contains("MISUSE pipe(nope) -> IllegalArgumentException: the parent gave no pipe named 'nope'"),
        sender.output());
    assertTrue(sender.output().contains("MISUSE pipe(out) again -> IllegalStateException: pipe 'out' was taken already"),
        sender.output());
    assertEquals(0, echo.join(), echo.output());
    assertTrue(echo.output().contains("echo done, pipes [conn]"), echo.output());
    assertEquals(0, drainer.join(), drainer.output());
    assertTrue(drainer.output().contains("drainer reached the end after 500 numbers, last 499"), drainer.output());
  }

  @Test
  void badHandlesAndPipesAreRefusedAndTheKeyStaysOffTheCommandLine() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).channel(Events.class, "events", 10).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
        PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class)) {
      Producer<Events> producer = client.producer(Events.class, "events");
      IllegalArgumentException notHandle = assertThrows(IllegalArgumentException.class,
          () -> ChildProcess.builder(HandleEntries.PipeSender.class).handle("p", producer));
      assertTrue(notHandle.getMessage().contains("a ChannelHandle from ManagerClient.channel(...) (not a channel producer)"),
          notHandle.getMessage());

      ChildProcess.Builder builder = ChildProcess.builder(HandleEntries.PipeSender.class)
          .handle("events", client.channel(Events.class, "events"))
          .handle("lock", client.lock("lock"))
          .pipe("out", listener);
      IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> builder.pipe("events", listener));
      assertTrue(taken.getMessage().contains("'events' was given already"), taken.getMessage());
      assertThrows(IllegalArgumentException.class, () -> builder.handle("out", client.map("m")));
      String command = String.join(" ", builder.command());
      assertFalse(command.contains(key.toBase64()), command);
      assertFalse(command.contains(listener.token()), command);

      PipeListener<Void, Numbers> closed = Pipe.listen(key, Void.class, Numbers.class);
      closed.close();
      assertThrows(IllegalStateException.class, () -> ChildProcess.builder(HandleEntries.PipeSender.class).pipe("out", closed));
    }
  }
}
