package io.typedipc.channel;

/** The plain super-interfaces and value types of {@link Feed}. */
final class FeedParts {
  private FeedParts() {}

  /** A generic super-interface: accept(T) is accept(String) in Feed. */
  interface Sink<T> {
    void accept(T t);
  }

  /** The same message declared again, not generic: a diamond with {@link Sink}. */
  interface Named {
    void accept(String line);
  }

  /** An enum whose constants have bodies. */
  enum Op {
    UP {
      @Override
      int apply(int x) {
        return x + 1;
      }
    },
    DOWN {
      @Override
      int apply(int x) {
        return x - 1;
      }
    };

    abstract int apply(int x);
  }

  /** A record whose compact constructor normalises its components. */
  record Range(int lo, int hi) {
    Range {
      if (lo > hi) {
        int t = lo;
        lo = hi;
        hi = t;
      }
    }
  }
}
