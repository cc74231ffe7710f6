package io.typedipc.it;

import io.typedipc.it.ShapeParts.Op;
import io.typedipc.testing.TestThreads;
import io.typedipc.it.ShapeParts.Range;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.ZipException;

/** {@link Shapes} in the Manager. */
final class ShapesImpl implements Shapes {
  private final ArrayList<String> items = new ArrayList<>();
  private final List<Shapes.Cell> cells = new ArrayList<>();

  @Override
  public String name() {
    return "shapes";
  }

  @Override
  public void put(String s) {
    items.add(s);
  }

  @Override
  public String last() {
    return items.isEmpty() ? null : items.get(items.size() - 1);
  }

  @Override
  public ArrayList<String> all() {
    return items;
  }

  @Override
  public String load(String path) throws UnsupportedEncodingException, ZipException {
    if (path.equals("missing")) {
      throw new UnsupportedEncodingException(path);
    }
    if (path.equals("short")) {
      throw new ZipException(path);
    }
    return "content of " + path;
  }

  @Override
  public int apply(Op op, int a, int b) {
    return op.apply(a, b);
  }

  @Override
  public Op[] ops(Op... ops) {
    return ops;
  }

  @Override
  public Range[] ranges(Range[] in, long[][] grid) {
    Range[] out = new Range[in.length + 1];
    System.arraycopy(in, 0, out, 0, in.length);
    out[in.length] = new Range((int) grid[1][1], (int) grid[0][0]);
    return out;
  }

  @Override
  public Map<String, List<Set<Integer>>> nested(Map<String, List<Set<Integer>>> in) {
    return in;
  }

  @Override
  public Optional<Range> widest(List<Range> ranges) {
    return ranges.stream().max(Comparator.comparingInt(r -> r.hi() - r.lo()));
  }

  @Override
  public String echo(String s, List<String> more) {
    return s == null ? null : s + more;
  }

  @Override
  public CompletableFuture<String> fetch(String key) throws IOException {
    if (key.equals("throw")) {
      throw new IOException("thrown by " + key);
    }
    if (key.equals("fail")) {
      return CompletableFuture.failedFuture(new IOException("failed " + key));
    }
    return CompletableFuture.completedFuture("value of " + key);
  }

  @Override
  public CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<String>> names(int n) {
    return CompletableFuture.supplyAsync(
        () -> IntStream.range(0, n).mapToObj(i -> "n" + i).toList(), TestThreads.EACH);
  }

  @Override
  public synchronized List<Shapes.Cell> cells(int n) {
    while (cells.size() < n) {
      int[] value = {0};
      cells.add(delta -> value[0] += delta);
    }
    return List.copyOf(cells.subList(0, n));
  }

  @Override
  public synchronized Optional<Shapes.Cell> cell(int i) {
    return i < cells.size() ? Optional.of(cells.get(i)) : Optional.empty();
  }

  @Override
  public synchronized Map<String, Shapes.Cell[]> cellsByName() {
    return Map.of("all", cells.toArray(new Shapes.Cell[0]));
  }
}
