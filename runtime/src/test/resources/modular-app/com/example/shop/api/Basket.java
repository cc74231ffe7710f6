package com.example.shop.api;

import java.util.ArrayList;
import java.util.List;

/** A plain class with private fields: Kryo reads and writes them (its package is opened to Kryo). */
public final class Basket {
  private String owner;
  private List<String> skus = new ArrayList<>();

  Basket() {}

  public Basket(String owner, List<String> skus) {
    this.owner = owner;
    this.skus = new ArrayList<>(skus);
  }

  @Override
  public String toString() {
    return owner + skus;
  }
}
