package io.typedipc.process.samples;

/** A main in a class that is not public, which the {@code java} launcher runs: so must a child (outside typedipc's package). */
final class PackagePrivateMain {
  private PackagePrivateMain() {}

  public static void main(String[] args) {
    System.out.println("hello from a package-private main " + String.join(",", args));
  }
}
