package com.example.shop.api;

/**
 * A value with a public no-arg constructor, sent both ways: Kryo's generated accessor, in an unnamed
 * module, cannot call it in a package this module does not export.
 */
public class Receipt {
  private String sku;
  private int qty;

  public Receipt() {}

  public Receipt(String sku, int qty) {
    this.sku = sku;
    this.qty = qty;
  }

  @Override
  public String toString() {
    return qty + " x " + sku;
  }
}
