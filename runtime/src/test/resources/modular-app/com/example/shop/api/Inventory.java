package com.example.shop.api;

import io.typedipc.annotation.Shared;

@Shared
public interface Inventory {
  int reserve(String sku, int qty) throws OutOfStockException;

  Basket basket(String owner);

  Receipt confirm(Receipt order);
}
