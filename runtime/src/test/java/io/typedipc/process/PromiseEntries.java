package io.typedipc.process;

import java.nio.file.Path;

/** Entries of {@link ProcessPromisesTest}. */
final class PromiseEntries {
  private PromiseEntries() {}

  /** Prints what the builder's settings should have given the child. */
  static final class Report implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      System.out.println("PROPERTY " + System.getProperty("typedipc.test.property"));
      System.out.println("ENV " + System.getenv("TYPEDIPC_TEST_ENV"));
      System.out.println("CWD " + Path.of("").toAbsolutePath());
      System.out.println("ARGS " + ctx.args());
    }
  }

  /** Puts a Money into the handle "box": needs Money registered for the child's client. */
  static final class PutsMoney implements ProcessEntry {
    @Override
    @SuppressWarnings("unchecked")
    public void run(ChildContext ctx) {
      io.typedipc.it.Box<io.typedipc.it.Money> box = ctx.shared(io.typedipc.it.Box.class, "box");
      box.put(new io.typedipc.it.Money(250, "EUR"));
    }
  }
}
