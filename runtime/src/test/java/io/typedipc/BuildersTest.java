package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at once, with a message that says what to do. */
class BuildersTest {

  @Test
  void aManagerNeedsAKey() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Manager.builder().share(TestService.class, "s", new TestServiceImpl()).start());
    assertTrue(e.getMessage().contains("authKey"), e.getMessage());
  }

  @Test
  void sharedNamesAreUniqueAndNotBlank() {
    Manager.Builder b = Manager.builder().share(TestService.class, "s", new TestServiceImpl());
    assertThrows(IllegalArgumentException.class, () -> b.share(TestService.class, "s", new TestServiceImpl()));
    assertThrows(IllegalArgumentException.class, () -> b.share(TestService.class, " ", new TestServiceImpl()));
  }

  @Test
  void aSharedTypeMustBeAnInterfaceTheTargetImplements() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> notImplemented = (Class) Runnable.class;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().share(notImplemented, "s", new TestServiceImpl()));
    assertTrue(e.getMessage().contains("does not implement java.lang.Runnable"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().share(TestServiceImpl.class, "s", new TestServiceImpl()));
  }

  @Test
  void anInterfaceWithoutGeneratedBindingIsExplained() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().authKey(AuthKey.generate()).share(Runnable.class, "r", () -> { }).start());
    assertTrue(e.getMessage().contains("annotated @io.typedipc.annotation.Shared"), e.getMessage());
  }

  @Test
  void limitsAndTimeoutsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().maxFrameSize(10));
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().address(70_000));
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().handshakeTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().callTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().connections(0));
    assertThrows(IllegalStateException.class, () -> ManagerClient.builder().authKey(AuthKey.generate()).connect());
  }

  @Test
  void connectingToNothingIsAClearError() throws Exception {
    int freePort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    ConnectionLostException e = assertThrows(ConnectionLostException.class,
        () -> ManagerClient.connect("127.0.0.1", freePort, AuthKey.generate()));
    assertTrue(e.getMessage().contains("cannot connect to the Manager at 127.0.0.1:" + freePort), e.getMessage());
  }

  @Test
  void aManagerBindsLoopbackByDefault() {
    try (Manager m = Manager.builder().address(0).authKey(AuthKey.generate()).start()) {
      assertEquals("127.0.0.1", m.address().getAddress().getHostAddress());
    }
  }
}
