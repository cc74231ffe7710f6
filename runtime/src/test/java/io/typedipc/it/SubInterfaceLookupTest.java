package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.annotation.Shared;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, "Methods": "An object is looked up by the interface it was shared as:
 * client.shared(Base.class, name) of an object shared as a @Shared sub-interface of Base fails with
 * NoSuchObjectException naming its interface."
 */
@Timeout(120)
class SubInterfaceLookupTest {
  /** A @Shared interface. */
  @Shared
  public interface Base {
    int base();
  }

  /** A @Shared sub-interface of it. */
  @Shared
  public interface Sub extends Base {
    int sub();
  }

  /** Both. */
  public static final class SubImpl implements Sub {
    @Override
    public int base() {
      return 1;
    }

    @Override
    public int sub() {
      return 2;
    }
  }

  @Test
  void anObjectIsLookedUpByTheInterfaceItWasSharedAs() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Sub.class, "sub", new SubImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> client.shared(Base.class, "sub"));
      assertTrue(e.getMessage().contains("is a " + Sub.class.getName()), e.getMessage());
      Sub sub = client.shared(Sub.class, "sub");
      assertEquals(1, sub.base());
      assertEquals(2, sub.sub());
    }
  }
}
