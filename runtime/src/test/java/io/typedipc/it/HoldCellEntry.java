package io.typedipc.it;

import io.typedipc.builtin.SharedEvent;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;

/** A child handed a cell hosted on the fly: uses it, says so, holds it until told to stop. */
public final class HoldCellEntry implements ProcessEntry {
  @Override
  public void run(ChildContext ctx) throws Exception {
    Cells.Cell cell = ctx.shared(Cells.Cell.class, "cell");
    cell.set(cell.get() + 1);
    ctx.shared(SharedEvent.class, "held").set();
    SharedEvent stop = ctx.shared(SharedEvent.class, "stop");
    while (!stop.await(Duration.ofMillis(50))) {
      System.gc();
      cell.get(); // fails if the Manager let the cell go while this JVM holds it
    }
  }
}
