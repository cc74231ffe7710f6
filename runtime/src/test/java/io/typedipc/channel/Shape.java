package io.typedipc.channel;

/** A value class; its subclass {@link Square} is registered by no one. */
public class Shape {
  public int size;

  public Shape() {}

  /** A subclass the processor cannot know about. */
  public static class Square extends Shape {}

  @Override
  public String toString() {
    return "shape " + size;
  }
}
