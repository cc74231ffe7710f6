/**
 * A user's modular application, as the README's "On the module path" says to declare it: the
 * runtime, the generated binding of each @Shared interface as a service, and the packages of the
 * values sent opened to Kryo and to the runtime.
 */
module com.example.shop {
  requires io.typedipc;

  provides io.typedipc.spi.SharedBinding with
      com.example.shop.api.Inventory_Binding;

  opens com.example.shop.api to com.esotericsoftware.kryo, io.typedipc;
}
