package com.example.shop.client;

import com.example.shop.api.Inventory;
import com.example.shop.api.OutOfStockException;
import com.example.shop.api.Receipt;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedMap;

/** A client in its own JVM: calls through the generated proxy, a built-in map and introspection. */
public final class ShopClient {
  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.fromEnvironment("TYPEDIPC_TEST_KEY");
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(args[0]), key)) {
      Inventory inventory = client.shared(Inventory.class, "inventory");
      System.out.println("RESERVED " + inventory.reserve("apple", 3));
      try {
        inventory.reserve("apple", 3);
        System.out.println("THROWN nothing");
      } catch (OutOfStockException e) {
        System.out.println("THROWN " + e.getMessage());
      }
      System.out.println("BASKET " + inventory.basket("ann"));
      System.out.println("RECEIPT " + inventory.confirm(new Receipt("pear", 2)));
      SharedMap<String, Integer> prices = client.map("prices");
      prices.put("apple", 3);
      System.out.println("PRICE " + prices.get("apple"));
      System.out.println("CALLS " + client.introspect().object("inventory").calls());
      Module runtime = Manager.class.getModule();
      System.out.println("MODULES " + ShopClient.class.getModule().getName() + " " + runtime.getName()
          + " internal exported: " + runtime.isExported("io.typedipc.internal"));
    }
  }
}
