package io.typedipc.it;

/** A record crossing the wire by value. */
public record Item(String sku, int quantity, Kind kind) {
  /** An enum inside a record. */
  public enum Kind {
    FRUIT,
    TOOL
  }
}
