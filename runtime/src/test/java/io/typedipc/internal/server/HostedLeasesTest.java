package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Dispatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counting that decides when an object hosted on the fly is released. */
class HostedLeasesTest {
  private static ExportedObject object(String name) {
    return new ExportedObject(name, new Object(), new io.typedipc.it.TestService_Binding().descriptor(), null,
        Dispatch.SERIAL, Runnable::run);
  }

  @Test
  void aReferenceStillOnItsWayKeepsTheObjectWhenTheClientReportsTheOnesItHad() {
    HostedLeases leases = new HostedLeases();
    ExportedObject o = object("typedipc.obj.1");
    assertTrue(leases.sent(o, "a"), "a new client: watch its disconnect");
    assertFalse(leases.sent(o, "a"), "watched already");
    // the client dropped the one proxy it had received; the second reference is still on its way
    assertFalse(leases.released(o, "a", 1));
    assertTrue(leases.released(o, "a", 1), "both reported: nobody holds it");
  }

  @Test
  void anObjectGoesWhenTheLastOfSeveralClientsDropsItOrGoes() {
    HostedLeases leases = new HostedLeases();
    ExportedObject o = object("typedipc.obj.1");
    ExportedObject p = object("typedipc.obj.2");
    leases.sent(o, "a");
    leases.sent(o, "b");
    leases.sent(p, "b");
    assertFalse(leases.released(o, "a", 1), "b still holds it");
    assertFalse(leases.released(o, "c", 1), "c never held it");
    assertEquals(List.of(o, p).size(), leases.clientGone("b").size(), "b was the last holder of both");
    assertEquals(0, leases.held());
  }

  @Test
  void aPinnedObjectIsNeverReleased() {
    HostedLeases leases = new HostedLeases();
    ExportedObject o = object("typedipc.obj.1");
    leases.pin(o);
    leases.sent(o, "a");
    assertFalse(leases.released(o, "a", 1), "sent once to someone the Manager could not name");
  }
}
