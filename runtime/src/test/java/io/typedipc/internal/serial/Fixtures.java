package io.typedipc.internal.serial;

import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Types used by the serialization tests. */
final class Fixtures {
  private Fixtures() {}

  record Point(int x, int y) {}

  record Line(Point from, Point to, String label) {}

  record Order(long id, String sku, List<String> tags, Map<String, List<Point>> shapes,
      Optional<String> note, Color color, int[] counts, Object any) {}

  enum Color { RED, GREEN, BLUE }

  enum Op {
    PLUS { @Override int apply(int a, int b) { return a + b; } },
    TIMES { @Override int apply(int a, int b) { return a * b; } };

    abstract int apply(int a, int b);
  }

  /** A plain class with a private no-arg constructor and private final fields. */
  static final class Account {
    private final String owner;
    private final long balance;
    private final List<Object> history;

    private Account() {
      this(null, 0, null);
    }

    Account(String owner, long balance, List<Object> history) {
      this.owner = owner;
      this.balance = balance;
      this.history = history;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Account a && Objects.equals(owner, a.owner) && balance == a.balance
          && Objects.equals(history, a.history);
    }

    @Override
    public int hashCode() {
      return Objects.hash(owner, balance, history);
    }
  }

  /** Non-final class: written with a class tag. */
  static class Node {
    String name;
    List<Node> children = new ArrayList<>();

    Node() {}

    Node(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Node n && Objects.equals(name, n.name) && Objects.equals(children, n.children);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, children);
    }
  }

  /** A class whose no-arg constructor allocates far more than its fields take. */
  static final class Buffered {
    private transient byte[] buffer = new byte[4096];
    String name;

    Buffered() {}

    Buffered(String name) {
      this.name = name;
    }

    int capacity() {
      return buffer.length;
    }
  }

  /** A collection whose constructor makes room for 1,024 elements, empty or not. */
  static final class Bag extends java.util.ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    Bag() {
      super(1024);
    }
  }

  /** Never registered. */
  record Secret(String value) {}

  record Holder(Object content) {}

  /** A declared exception with a (String) constructor and fields of its own. */
  static class OutOfStockException extends Exception {
    private static final long serialVersionUID = 1L;
    String sku;
    int available;

    OutOfStockException(String message) {
      super(message);
    }

    OutOfStockException(String sku, int available) {
      super("out of stock: " + sku);
      this.sku = sku;
      this.available = available;
    }
  }

  /** A subclass with more fields. */
  static class BackorderException extends OutOfStockException {
    private static final long serialVersionUID = 1L;
    final List<String> alternatives;

    BackorderException(String message) {
      super(message);
      this.alternatives = List.of();
    }

    BackorderException(String sku, List<String> alternatives) {
      super(sku, 0);
      this.alternatives = alternatives;
    }
  }

  /** Only a constructor taking its fields; computes its message from them. */
  static class QuotaException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String user;
    private final int limit;

    QuotaException(String user, int limit) {
      this.user = Objects.requireNonNullElse(user, "?");
      this.limit = limit;
    }

    @Override
    public String getMessage() {
      return user + " exceeded " + limit;
    }
  }

  /** An interface whose descriptor lists the fixtures. */
  interface Inventory {
    Order get(long id) throws OutOfStockException, IOException;
  }

  static InterfaceDescriptor inventory(List<Class<?>> wireTypes) {
    MethodDescriptor get =
        new MethodDescriptor(1, "get(long)", "Order get(long)", MethodDescriptor.Kind.SYNC,
            Order.class, List.of(long.class),
            List.of(OutOfStockException.class, IOException.class));
    return new InterfaceDescriptor(Inventory.class, "0123456789abcdef", List.of(get), wireTypes);
  }

  static final List<Class<?>> ALL =
      List.of(Point.class, Line.class, Order.class, Color.class, Op.class, Account.class,
          Node.class, Holder.class, Buffered.class, Bag.class, BackorderException.class, QuotaException.class,
          Point[].class, Color[].class, int[][].class, String[][].class);
}
