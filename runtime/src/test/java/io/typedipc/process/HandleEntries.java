package io.typedipc.process;

import io.typedipc.ChannelHandle;
import io.typedipc.EndOfStreamException;
import io.typedipc.PipeEnd;
import io.typedipc.Receiver;
import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import io.typedipc.internal.client.ClientConfig;
import io.typedipc.internal.client.RemoteHandle;
import io.typedipc.pipe.Numbers;
import io.typedipc.pipe.Replies;
import io.typedipc.spi.AbstractProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Entries of {@link HandleKindsTest}: children using built-in, channel and pipe handles. */
final class HandleEntries {
  static final Duration LONG = Duration.ofSeconds(60);

  private HandleEntries() {}

  /** Uses every kind of Manager handle; {@code args[0]} is the child's index. */
  static final class UsesBuiltinsAndChannels implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) throws Exception {
      int index = Integer.parseInt(ctx.args().get(0));
      SharedMap<String, Long> d = ctx.shared(SharedMap.class, "d");
      SharedList<Long> l = ctx.shared(SharedList.class, "l");
      SharedValue<Long> v = ctx.shared(SharedValue.class, "v");
      SharedLock lock = ctx.shared(SharedLock.class, "lock");
      SharedQueue<Integer> q = ctx.shared(SharedQueue.class, "q");
      SharedEvent go = ctx.shared(SharedEvent.class, "go");
      SharedSemaphore done = ctx.shared(SharedSemaphore.class, "done");
      SharedCondition cond = ctx.shared(SharedCondition.class, "cond");
      ChannelHandle<Events> events = ctx.channel("events", Events.class);
      ChannelHandle<Events> back = ctx.channel(0, Events.class);

      misuse("shared(SharedQueue, lock)", () -> ctx.shared(SharedQueue.class, "lock"));
      misuse("shared(SharedMap, events)", () -> ctx.shared(SharedMap.class, "events"));
      misuse("channel(d)", () -> ctx.channel("d", Events.class));
      misuse("channel(events, Numbers)", () -> ctx.channel("events", Numbers.class));
      misuse("shared(SharedMap, nosuch)", () -> ctx.shared(SharedMap.class, "nosuch"));

      if (!go.await(LONG)) {
        throw new IllegalStateException("the parent never set 'go'");
      }
      for (int i = 0; i < 50; i++) {
        d.merge("hits", 1L, Merge.SUM);
        lock.lock();                                  // a read-modify-write that needs the lock
        try {
          v.set(v.get() + 1);
        } finally {
          lock.unlock();
        }
      }
      l.add(ProcessHandle.current().pid());
      Integer taken = q.get(LONG);
      events.producer().send().item(index, taken);    // flushed when the entry returns
      List<String> got = new ArrayList<>();
      try (Receiver<Events> r = back.receiver()) {
        if (!r.receive(new Texts(got), LONG)) {
          throw new IllegalStateException("nothing came back");
        }
      }
      System.out.println("child " + index + " took " + taken + ", got " + got + ", condition " + cond.name()
          + ", capacity " + events.capacity());
      done.release();
    }
  }

  /** Adds 1 to the shared value "v" under the lock "lock"; fails if its client stayed on TCP. */
  static final class OverSharedMemory implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) {
      if (!ctx.clientOf("lock").usesSharedMemory()) {
        throw new IllegalStateException("the child's client stayed on TCP");
      }
      SharedLock lock = ctx.shared(SharedLock.class, "lock");
      SharedValue<Long> v = ctx.shared(SharedValue.class, "v");
      lock.lock();
      try {
        v.set(v.get() + 1);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Checks that its client waits as the parent's does ({@code args}: lowLatency, blockingReads,
   * maxPendingCalls, as the parent's client was built), then increments "v" through it.
   */
  static final class WaitsAsItsParent implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) {
      SharedValue<Long> v = ctx.shared(SharedValue.class, "v");
      ClientConfig c = ((RemoteHandle) AbstractProxy.remoteOf(v)).config();
      String expected = String.join(",", ctx.args());
      String got = c.lowLatency() + "," + c.blockingReads() + "," + c.maxPendingCalls();
      if (!expected.equals(got)) {
        throw new IllegalStateException("the child's client has lowLatency,blockingReads,maxPendingCalls "
            + got + ", its parent's " + expected);
      }
      v.set(v.get() + 1);
    }
  }

  /** Sends 1,000 numbers through the pipe "out" and closes it. */
  static final class PipeSender implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      misuse("pipe(out) reversed", () -> ctx.pipe("out", Void.class, Numbers.class));
      misuse("pipe(nope)", () -> ctx.pipe("nope", Numbers.class, Void.class));
      try (PipeEnd<Numbers, Void> out = ctx.pipe("out", Numbers.class, Void.class)) {
        for (int i = 0; i < 1000; i++) {
          out.sender().number(i);
        }
      }
      misuse("pipe(out) again", () -> ctx.pipe("out", Numbers.class, Void.class));
    }
  }

  /** Replies to three numbers on the duplex pipe "conn", then returns without closing it. */
  static final class PipeEcho implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      PipeEnd<Replies, Numbers> conn = ctx.pipe("conn", Replies.class, Numbers.class);
      for (int i = 0; i < 3; i++) {
        conn.receive(new Numbers() {
          @Override
          public void number(long n) {
            conn.sender().reply("got " + n);
          }

          @Override
          public void words(List<String> words) {
            conn.sender().reply("words " + words);
          }
        });
      }
      System.out.println("echo done, pipes " + ctx.pipeNames());
    }                                                 // not closed: the runtime closes it
  }

  /** Receives on the pipe "in" until the parent closes it, then reports the count. */
  static final class PipeDrainer implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      List<Long> got = new ArrayList<>();
      try (PipeEnd<Void, Numbers> in = ctx.pipe("in", Void.class, Numbers.class)) {
        try {
          while (true) {
            in.receive(new Numbers() {
              @Override
              public void number(long n) {
                got.add(n);
              }

              @Override
              public void words(List<String> words) {}
            });
          }
        } catch (EndOfStreamException e) {
          System.out.println("drainer reached the end after " + got.size() + " numbers, last " + got.get(got.size() - 1));
        }
      }
    }
  }

  static void misuse(String what, Runnable call) {
    try {
      call.run();
      System.out.println("MISUSE " + what + " was accepted");
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println("MISUSE " + what + " -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Collects text messages. */
  static final class Texts implements Events {
    private final List<String> into;

    Texts(List<String> into) {
      this.into = into;
    }

    @Override
    public void item(int producer, long seq) {
      into.add(producer + ":" + seq);
    }

    @Override
    public void text(String text) {
      into.add(text);
    }

    @Override
    public void payload(byte[] data) {}

    @Override
    public void unregistered(io.typedipc.channel.Shape value) {}
  }
}
