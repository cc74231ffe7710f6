package io.typedipc.it;

import io.typedipc.annotation.Shared;
import io.typedipc.it.ShapeParts.Nullable;
import io.typedipc.it.ShapeParts.Op;
import io.typedipc.it.ShapeParts.Range;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Interface shapes a new user declares from the README ("What crosses the wire, and how"),
 * called from another JVM in {@link ShapesAcrossJvmsTest}: methods inherited along several paths,
 * enums with constant bodies, records with compact constructors, arrays, nested generics,
 * varargs, Optional, type-annotated parameters, async methods with checked exceptions, and shared
 * objects returned in a list.
 */
@Shared
interface Shapes extends ShapeParts.Left, ShapeParts.Right, ShapeParts.Store<String> {
  int apply(Op op, int a, int b);

  Op[] ops(Op... ops);

  Range[] ranges(Range[] in, long[][] grid);

  Map<String, List<Set<Integer>>> nested(Map<String, List<Set<Integer>>> in);

  Optional<Range> widest(List<Range> ranges);

  @Nullable String echo(@Nullable String s, List<@Nullable String> more);

  boolean equals(@Nullable Object other);

  CompletableFuture<String> fetch(String key) throws IOException;

  CompletableFuture<Void> done();

  CompletableFuture<List<String>> names(int n);

  List<Cell> cells(int n);

  Optional<Cell> cell(int i);

  Map<String, Cell[]> cellsByName();

  /** A shared object returned by {@link #cells}. */
  @Shared
  interface Cell {
    int add(int delta);
  }
}
