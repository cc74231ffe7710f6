package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.it.ShapeParts.Op;
import io.typedipc.it.ShapeParts.Range;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;

/** The client JVM of {@link ShapesAcrossJvmsTest}: calls every shape, exits non-zero on a mismatch. */
public final class ShapesClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    try (ManagerClient client = TestTransport.connect(port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      Shapes shapes = client.shared(Shapes.class, "shapes");

      // inherited along several paths
      check("shapes", shapes.name());
      ShapeParts.Right right = shapes; // javac finds shapes.put(..) itself ambiguous
      right.put("a");
      ShapeParts.Left left = shapes;
      left.put("b");
      ShapeParts.Store<String> store = shapes;
      store.put("c");
      check("c", store.last());
      ArrayList<String> all = shapes.all();
      check(List.of("a", "b", "c"), all);
      check("content of x", shapes.load("x"));
      expect(UnsupportedEncodingException.class, "missing", () -> shapes.load("missing"));
      expect(ZipException.class, "short", () -> left.load("short"));

      // enums with constant bodies, records with compact constructors, arrays
      check(5, shapes.apply(Op.ADD, 2, 3));
      check(6, shapes.apply(Op.MUL, 2, 3));
      check(List.of(Op.MUL, Op.ADD, Op.MUL), Arrays.asList(shapes.ops(Op.MUL, Op.ADD, Op.MUL)));
      check(0, shapes.ops().length);
      Range[] ranges = shapes.ranges(new Range[] {new Range(1, 2), new Range(9, 4)}, new long[][] {{7, 8}, {1, 3}});
      check(List.of(new Range(1, 2), new Range(4, 9), new Range(3, 7)), Arrays.asList(ranges));

      // nested generics, Optional
      Map<String, List<Set<Integer>>> nested = Map.of("k", List.of(Set.of(1, 2), Set.of()));
      check(nested, shapes.nested(nested));
      check(Optional.of(new Range(0, 10)), shapes.widest(List.of(new Range(1, 2), new Range(10, 0))));
      check(Optional.empty(), shapes.widest(List.of()));

      // type-annotated parameters; equals(Object) is not remote
      check("x[y]", shapes.echo("x", List.of("y")));
      check(null, shapes.echo(null, List.of()));
      check(true, shapes.equals(shapes));

      // async, with a declared checked exception thrown or completed with
      check("value of k", shapes.fetch("k").get(30, TimeUnit.SECONDS));
      expectAsync(IOException.class, "thrown by throw", shapes.fetch("throw"));
      expectAsync(IOException.class, "failed fail", shapes.fetch("fail"));
      check(null, shapes.done().get(30, TimeUnit.SECONDS));
      check(List.of("n0", "n1", "n2"), shapes.names(3).get(30, TimeUnit.SECONDS));

      // shared objects in a returned list
      List<Shapes.Cell> cells = shapes.cells(2);
      check(2, cells.size());
      check(5, cells.get(0).add(5));
      check(7, shapes.cells(1).get(0).add(2));
      check(1, cells.get(1).add(1));
      check(10, shapes.cell(0).orElseThrow().add(3));
      check(Optional.empty(), shapes.cell(5));
      Shapes.Cell[] byName = shapes.cellsByName().get("all");
      check(2, byName.length);
      check(3, byName[1].add(2));
    }
    System.out.println("SHAPES OK");
  }

  interface Call {
    Object run() throws Exception;
  }

  private static void expect(Class<? extends Exception> type, String message, Call call) {
    try {
      Object result = call.run();
      throw new AssertionError("expected " + type.getName() + ", got " + result);
    } catch (Exception e) {
      if (e.getClass() != type || !Objects.equals(message, e.getMessage())) {
        throw new AssertionError("expected " + type.getName() + ": " + message, e);
      }
    }
  }

  private static void expectAsync(Class<? extends Exception> type, String message, CompletableFuture<?> future)
      throws Exception {
    try {
      Object result = future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected " + type.getName() + ", got " + result);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause.getClass() != type || !Objects.equals(message, cause.getMessage())) {
        throw new AssertionError("expected " + type.getName() + ": " + message, cause);
      }
    }
  }

  private static void check(Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError("expected " + expected + ", got " + actual);
    }
  }
}
