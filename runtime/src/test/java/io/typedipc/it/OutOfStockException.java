package io.typedipc.it;

/** A declared checked exception with fields of its own, which must survive the trip. */
public class OutOfStockException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String sku;
  private final int available;

  public OutOfStockException(String sku, int available) {
    super("only " + available + " of " + sku + " left");
    this.sku = sku;
    this.available = available;
  }

  public String sku() {
    return sku;
  }

  public int available() {
    return available;
  }
}
