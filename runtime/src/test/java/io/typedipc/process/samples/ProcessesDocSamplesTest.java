package io.typedipc.process.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.EndOfStreamException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ManagerProcess;
import io.typedipc.process.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/processes.md's code samples, as written there (the parts a reader copies), run: each does
 * what the text beside it says. Only {@code log.warn} and {@code System.out} are replaced by
 * collecting what they would print.
 */
class ProcessesDocSamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(180)
  void aChildWithAHandleAndEverySettingOfTheFirstSample() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(Counter.class, "counter", new CounterImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Counter counter = client.shared(Counter.class, "counter");
      ChildProcess child = ChildProcess.builder(IncrementTen.class)   // same java and classpath by default
          .handle("counter", counter)                                  // or .handles(d, l): args=(d, l)
          .args("--verbose")                                          // strings: ctx.args() / main(String[])
          .maxHeap("256m").jvmOptions("-XX:+UseSerialGC")              // also systemProperty, environment,
          .start();                                                    //   workingDirectory, classpath
      int status = child.join();                                       // or join(Duration) -> boolean
      assertEquals(0, status);
      assertEquals(10, counter.get());
    }
  }

  @Test
  @Timeout(180)
  void everyKindOfHandle() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).channel(Orders.class, "orders", 10).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      // parent — Python: d = mng.dict(); lock = mng.Lock(); q = mng.Queue(); Process(target=f, args=(d, lock, q))
      SharedMap<String, Long> d = client.map("d");
      SharedLock lock = client.lock("lock");
      SharedQueue<Integer> q = client.queue("q", Integer.class, 10);
      ChannelHandle<Orders> orders = client.channel(Orders.class, "orders");
      q.put(42);
      ChildProcess child = ChildProcess.builder(Worker.class)
          .handles(d, lock, q)                       // positional: ctx.handle(0, …), ctx.handle(1, …), …
          .handle("orders", orders)                  // named: ctx.channel("orders", Orders.class)
          .captureOutput()
          .start();
      assertEquals(0, child.join(), child.output());
      assertEquals(1L, d.get("jobs"));
      List<Order> got = new ArrayList<>();
      assertTrue(orders.receiver().receive(got::add, WAIT), "the child's order was not flushed");
      assertEquals(List.of(new Order(42)), got);
    }
  }

  @Test
  @Timeout(180)
  void aPipeEndHandedToAChild() throws Exception {
    // parent
    PipeListener<Void, Talk> parentConn = Pipe.listen(AuthKey.generate(), Void.class, Talk.class);
    ChildProcess p = ChildProcess.builder(F.class).pipe("conn", parentConn).start();
    List<List<String>> received = new ArrayList<>();
    Talk handler = received::add;
    try (PipeEnd<Void, Talk> end = parentConn.accept(Duration.ofSeconds(60))) {
      end.receive(handler);                                   // parent_conn.recv()
      assertThrows(EndOfStreamException.class, () -> end.receive(handler));
    }
    assertEquals(0, p.join());
    assertEquals(List.of(List.of("42", "hello")), received);
  }

  @Test
  @Timeout(180)
  void aManagerInAChildJvm() throws Exception {
    ManagerProcess stopped;
    try (ManagerProcess manager = ManagerProcess.start(Shares.class)) {
      stopped = manager;
      Counter counter = manager.client().shared(Counter.class, "counter");
      ChildProcess.builder(IncrementTen.class).handle("counter", counter).start().join();
      assertEquals(10, counter.get());
    }                                                                // the Manager JVM stops
    assertEquals(0, stopped.process().join());
  }

  @Test
  @Timeout(240)
  void aPoolOfWorkerJvms() throws Exception {
    List<Integer> inputs = IntStream.range(0, 300).boxed().collect(Collectors.toList());
    List<Integer> expected = inputs.stream().map(x -> x * x).collect(Collectors.toList());
    List<Object> printed = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch callbacks = new CountDownLatch(2);
    try (WorkerPool<Square> pool = WorkerPool.builder(Square.class, SquareImpl.class)
            .workers(2)                                   // default: number of processors
            .initializer(LoadModel.class)                 // optional WorkerInitializer, in each worker
            .maxTasksPerWorker(1000)                      // optional: recycle a worker after n tasks
            .retries(1)                                   // optional: rerun a task whose worker died
            .taskTimeout(Duration.ofMinutes(1))           // optional: default none
            .start()) {
      CompletableFuture<Integer> f = pool.submit(w -> w.square(3));              // apply_async
      pool.submit(w -> w.square(4), r -> { printed.add("callback " + r); callbacks.countDown(); });
      pool.submit(w -> w.square(5), r -> { printed.add(r); callbacks.countDown(); }, e -> printed.add(e));
      List<Integer> squares = pool.map(List.of(1, 2, 3), Square::square);        // [1, 4, 9], in order
      List<Integer> many = pool.map(inputs, 100, Square::square);                // chunksize=100
      CompletableFuture<List<Integer>> all = pool.mapAsync(inputs, Square::square);      // map_async
      List<Integer> lazy;
      try (Stream<Integer> lazily = pool.imap(inputs, Square::square)) {         // imap: input order,
        lazy = lazily.collect(Collectors.toList());                              // as results complete
      }
      List<Integer> unordered = pool.mapUnordered(List.of(1, 2, 3), Square::square).collect(Collectors.toList());

      assertEquals(9, f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(List.of(1, 4, 9), squares);
      assertEquals(expected, many);
      assertEquals(expected, all.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(expected, lazy);
      Collections.sort(unordered);
      assertEquals(List.of(1, 4, 9), unordered);
      assertTrue(callbacks.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(printed.contains("callback 16"), printed.toString());
      assertTrue(printed.contains(25), printed.toString());
    }
  }
}
