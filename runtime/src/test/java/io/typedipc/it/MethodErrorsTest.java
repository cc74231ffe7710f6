package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The failure table's "it threw anything else: RemoteException", for an {@link Error} thrown by a
 * shared object's method (an assertion, a stack overflow), sync and async, one-at-a-time and
 * concurrent dispatch: the caller gets {@code RemoteException} naming the Error's class and
 * message, and the connection and the object go on serving (an Error in a call is not an Error
 * of the connection).
 */
@Timeout(60)
class MethodErrorsTest {

  static final class Failing extends TestServiceImpl {
    @Override
    public String echo(String s) {
      switch (s) {
        case "assert" -> throw new AssertionError("an assertion failed in the Manager");
        case "overflow" -> {
          return overflow(0);
        }
        default -> {
          return super.echo(s);
        }
      }
    }

    @Override
    public CompletableFuture<String> later(long millis, String value) {
      if (value.equals("assert")) {
        throw new AssertionError("an async method failed in the Manager");
      }
      if (value.equals("complete")) {
        return CompletableFuture.failedFuture(new AssertionError("completed with an Error"));
      }
      return super.later(millis, value);
    }

    private String overflow(int depth) {
      return overflow(depth + 1) + depth;
    }
  }

  @Test
  void anErrorThrownByAMethodReachesTheCallerAsRemoteExceptionAndTheConnectionGoesOn() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .share(TestService.class, "serial", new Failing())
            .share(TestService.class, "concurrent", new Failing(), Dispatch.CONCURRENT).start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      for (String name : new String[] {"serial", "concurrent"}) {
        TestService service = client.shared(TestService.class, name);
        RemoteException a = assertThrows(RemoteException.class, () -> service.echo("assert"), name);
        assertEquals("java.lang.AssertionError", a.remoteType(), name);
        assertTrue(a.getMessage().contains("an assertion failed in the Manager"), a.getMessage());
        RemoteException o = assertThrows(RemoteException.class, () -> service.echo("overflow"), name);
        assertEquals("java.lang.StackOverflowError", o.remoteType(), name);
        for (String value : new String[] {"assert", "complete"}) {
          ExecutionException e = assertThrows(ExecutionException.class,
              () -> service.later(0, value).get(20, TimeUnit.SECONDS), name + " " + value);
          RemoteException r = assertInstanceOf(RemoteException.class, e.getCause(), name + " " + value);
          assertEquals("java.lang.AssertionError", r.remoteType(), name + " " + value);
        }
        assertEquals("still here", service.echo("still here"), name);
        assertEquals("later", service.later(0, "later").get(20, TimeUnit.SECONDS), name);
      }
      assertTrue(client.isConnected());
    }
  }
}
