package io.typedipc.junit;

import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A child JVM's entry: increments the counter N times and writes every value it got to a file. */
public final class IncrementAndRecord implements ProcessEntry {
  @Override
  public void run(ChildContext context) throws Exception {
    Counter counter = context.shared(Counter.class, "counter");
    int times = Integer.parseInt(context.args().get(0));
    try (BufferedWriter out = Files.newBufferedWriter(Path.of(context.args().get(1)))) {
      for (int i = 0; i < times; i++) {
        out.write(Integer.toString(counter.increment()));
        out.newLine();
      }
    }
  }
}
