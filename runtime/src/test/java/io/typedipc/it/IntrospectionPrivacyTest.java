package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import io.typedipc.builtin.SharedMap;
import io.typedipc.introspect.ManagerView;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, "Operations", "Introspection": "The view names objects and client addresses, never
 * values or keys." Arguments, results, map keys and values, a parked call's arguments and an
 * exception's message are passed through a Manager; none of them, nor the auth key, appears in
 * what a client's {@code introspect()} returns, in the Manager's own view, or in any attribute of
 * its MXBean.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntrospectionPrivacyTest {
  private static final List<String> SECRETS = List.of("arg-5f1c9e", "mapkey-8a2d71", "mapvalue-c3b904",
      "parked-77e0aa", "message-1d94f6");

  @Test
  void theViewShowsNoValuesAndNoKey() throws Exception {
    AuthKey key = AuthKey.generate();
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    try (Manager manager = Manager.builder().address(0).authKey(key).map("m").closeTimeout(Duration.ofSeconds(1))
            .share(TestService.class, "service", new TestServiceImpl(), Dispatch.CONCURRENT).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      assertEquals(SECRETS.get(0), service.echo(SECRETS.get(0)));
      SharedMap<String, String> map = client.map("m");
      map.put(SECRETS.get(1), SECRETS.get(2));
      CompletableFuture<String> parked = service.later(60_000, SECRETS.get(3));
      assertThrows(RemoteException.class, () -> service.failUnchecked(SECRETS.get(4)));

      ManagerView remote = client.introspect();
      ManagerView local = manager.introspect();
      assertEquals(1, remote.parkedCalls(), "the parked call is in the view:\n" + remote.toText());
      List<String> shown = new ArrayList<>(List.of(remote.toText(), remote.toString(), local.toText(), local.toString()));
      ObjectName name = new ObjectName("io.typedipc:type=Manager,address=" + ObjectName.quote("127.0.0.1:" + manager.port()));
      String[] attributes = java.util.Arrays.stream(mbeans.getMBeanInfo(name).getAttributes())
          .map(javax.management.MBeanAttributeInfo::getName).toArray(String[]::new);
      assertTrue(attributes.length >= 10, "MXBean attributes: " + List.of(attributes));
      for (Object a : mbeans.getAttributes(name, attributes)) {
        shown.add(deepToString(((Attribute) a).getValue()));
      }
      assertTrue(shown.get(0).contains("service") && shown.get(0).contains("127.0.0.1"),
          "the view names objects and client addresses:\n" + shown.get(0));

      List<String> forbidden = new ArrayList<>(SECRETS);
      forbidden.add(key.toBase64());
      forbidden.add(HexFormat.of().formatHex(key.bytes()));
      for (String text : shown) {
        for (String secret : forbidden) {
          assertTrue(!text.contains(secret), "'" + secret + "' shown in:\n" + text);
        }
      }
      parked.cancel(true); // the Manager still holds it: closeTimeout(1 s) keeps close from waiting 30 s for it
    }
  }

  private static String deepToString(Object value) {
    if (value instanceof Object[] array) {
      return java.util.Arrays.deepToString(array);
    }
    return String.valueOf(value);
  }
}
