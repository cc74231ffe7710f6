package com.example;

import io.typedipc.spi.Dispatcher;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Server-side dispatcher of {@link Inventory}: calls the real object, chosen by method id.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
final class Inventory_Dispatcher implements Dispatcher {
  private final Inventory target;

  Inventory_Dispatcher(Inventory target) {
    this.target = target;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object dispatch(int methodId, Object[] args) throws Exception {
    switch (methodId) {
      case 0xd8d2c6e7: // reserve(java.lang.String,int)
        return this.target.reserve((String) args[0], (int) args[1]);
      case 0xede3ec46: // reserve(java.lang.String)
        return this.target.reserve((String) args[0]);
      case 0x97c8e15a: // snapshot()
        return this.target.snapshot();
      case 0x016dd967: // countAsync(java.lang.String)
        return this.target.countAsync((String) args[0]);
      case 0x1b1fa99b: // clear()
        this.target.clear();
        return null;
      case 0xc3b4b480: // restock(java.lang.String[],int[])
        this.target.restock((String[]) args[0], (int[]) args[1]);
        return null;
      case 0xc756db20: // tag(java.lang.String,java.lang.String[])
        this.target.tag((String) args[0], (String[]) args[1]);
        return null;
      case 0x3f3392f5: // orders(java.util.Set)
        return this.target.orders((Set<String>) args[0]);
      case 0xc8e810fe: // transfer(java.lang.String,int)
        return this.target.transfer((String) args[0], (int) args[1]);
      default:
        throw new IllegalArgumentException("com.example.Inventory has no method with id 0x" + Integer.toHexString(methodId));
    }
  }
}
