package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;

/**
 * A Manager and a client in one JVM that send a field-by-field value (a {@link Parcel}) and a
 * record both ways, then print {@code DONE} and exit: whatever else the JVM prints is noise that
 * every user of typedipc would see.
 */
public final class QuietMain {
  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(Box.class, "box", new BoxImpl<Parcel>()).register(Parcel.class).register(Money.class)
            .start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port())
            .authKey(key).register(Parcel.class).register(Money.class).connect()) {
      @SuppressWarnings("unchecked")
      Box<Parcel> box = client.shared(Box.class, "box");
      box.put(new Parcel("p", 42, new int[] {1, 2}));
      if (box.last().weight != 42) {
        throw new AssertionError("wrong parcel");
      }
      SharedList<Money> list = client.list("money");
      list.add(new Money(5, "EUR"));
      if (!list.get(0).equals(new Money(5, "EUR"))) {
        throw new AssertionError("wrong money");
      }
    }
    System.out.println("DONE");
  }
}
