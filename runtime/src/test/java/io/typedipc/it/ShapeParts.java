package io.typedipc.it;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/** The plain super-interfaces and value types of {@link Shapes}. */
final class ShapeParts {
  private ShapeParts() {}

  /** One path of the diamond. */
  interface Left {
    String name();

    void put(String s);

    List<String> all();

    String load(String path) throws IOException;
  }

  /**
   * The other path: the same methods, a narrower result, narrower exceptions (not
   * FileNotFoundException: bindings register the exceptions they declare for every client, and
   * DeclaredExceptionsTest relies on that one staying unregistered).
   */
  interface Right {
    String name();

    void put(String s);

    ArrayList<String> all();

    String load(String path) throws UnsupportedEncodingException, ZipException;
  }

  /** A generic super-interface whose put(T) is put(String) in Shapes. */
  interface Store<T> {
    void put(T t);

    T last();
  }

  /** An enum whose constants have bodies (classes of their own, Op$1, Op$2). */
  enum Op {
    ADD {
      @Override
      int apply(int a, int b) {
        return a + b;
      }
    },
    MUL {
      @Override
      int apply(int a, int b) {
        return a * b;
      }
    };

    abstract int apply(int a, int b);
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

  /** A type annotation, kept in class files. */
  @Target(ElementType.TYPE_USE)
  @Retention(RetentionPolicy.RUNTIME)
  @interface Nullable {}
}
