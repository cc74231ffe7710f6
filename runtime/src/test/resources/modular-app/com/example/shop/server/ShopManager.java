package com.example.shop.server;

import com.example.shop.api.Basket;
import com.example.shop.api.Inventory;
import com.example.shop.api.OutOfStockException;
import com.example.shop.api.Receipt;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Manager: shares an Inventory and a built-in map, prints its port, ends with its stdin. */
public final class ShopManager {
  static final class InventoryImpl implements Inventory {
    private final Map<String, Integer> stock = new HashMap<>(Map.of("apple", 5));

    @Override
    public int reserve(String sku, int qty) throws OutOfStockException {
      int left = stock.getOrDefault(sku, 0) - qty;
      if (left < 0) {
        throw new OutOfStockException(sku + ": only " + stock.getOrDefault(sku, 0) + " left");
      }
      stock.put(sku, left);
      return left;
    }

    @Override
    public Basket basket(String owner) {
      return new Basket(owner, List.of("apple", "pear"));
    }

    @Override
    public Receipt confirm(Receipt order) {
      return order;
    }
  }

  public static void main(String[] args) throws Exception {
    Manager manager = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment("TYPEDIPC_TEST_KEY"))
        .share(Inventory.class, "inventory", new InventoryImpl())
        .map("prices")
        .start();
    System.out.println("PORT " + manager.port());
    while (System.in.read() >= 0) {
      // runs until the test closes our stdin
    }
    manager.close();
  }
}
