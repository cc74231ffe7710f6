package io.typedipc.process.samples;

import io.typedipc.Producer;
import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;

/** docs/processes.md, "Every kind of handle", the child, verbatim. */
public final class Worker implements ProcessEntry {
  @SuppressWarnings("unchecked")
  public void run(ChildContext ctx) throws Exception {
    SharedMap<String, Long> d = ctx.handle(0, SharedMap.class);   // generic built-ins: an unchecked
    SharedLock lock = ctx.handle(1, SharedLock.class);            //   conversion, as for any raw type
    SharedQueue<Integer> q = ctx.handle(2, SharedQueue.class);
    Producer<Orders> out = ctx.channel("orders", Orders.class).producer();
    lock.lock();
    try { d.merge("jobs", 1L, Merge.SUM); } finally { lock.unlock(); }
    out.send().placed(new Order(q.get()));
  }                                           // producers are flushed when the entry returns
}
