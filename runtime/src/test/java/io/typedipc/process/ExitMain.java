package io.typedipc.process;

/** A plain main: prints its arguments, then returns ("return") or exits with args[0]. */
public final class ExitMain {
  public static void main(String[] args) {
    System.out.println("hello from main " + String.join(",", args));
    System.err.println("to stderr");
    if (!args[0].equals("return")) {
      System.exit(Integer.parseInt(args[0]));
    }
  }
}
