package io.typedipc.process.samples;

import io.typedipc.PipeEnd;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.util.List;

/** docs/processes.md, "Pipe ends", the child, verbatim. */
public final class F implements ProcessEntry {
  public void run(ChildContext ctx) {
    try (PipeEnd<Talk, Void> conn = ctx.pipe("conn", Talk.class, Void.class)) {
      conn.sender().list(List.of("42", "hello"));        // conn.send([...])
    }                                                     // conn.close(): the parent drains, then EndOfStreamException
  }
}
