package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import io.typedipc.it.Ledger.BatchFailedException;
import io.typedipc.it.Ledger.OverLimitException;
import io.typedipc.it.Ledger.QuotaException;
import io.typedipc.it.Ledger.StorageException;
import io.typedipc.it.Ledger.TaggedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Declared exceptions thrown in a Manager in another JVM arrive whole: their own class, message,
 * fields, cause and suppressed exceptions, rebuilt by the code the processor generated.
 */
@Timeout(120)
class DeclaredExceptionsTest {
  private static ChildJvm managerJvm;
  private static ManagerClient client;
  private static Ledger ledger;

  @BeforeAll
  static void startManager() throws Exception {
    AuthKey key = AuthKey.generate();
    managerJvm = ChildJvm.start(LedgerManagerMain.class, key);
    int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(60)));
    client = ManagerClient.connect("127.0.0.1", port, key);
    ledger = client.shared(Ledger.class, "ledger");
  }

  @AfterAll
  static void stopManager() {
    if (client != null) {
      client.close();
    }
    if (managerJvm != null) {
      managerJvm.close();
    }
  }

  @Test
  void messagePlusFieldsArriveWithMessageAndFields() {
    OverLimitException e = assertThrows(OverLimitException.class, () -> ledger.spend(250));
    assertEquals("cannot spend 250: over the limit", e.getMessage());
    assertEquals(100, e.limit());
    assertNull(e.getCause());
    assertEquals(0, e.getSuppressed().length);
    // the Manager's stack trace, not this JVM's
    assertEquals(LedgerImpl.class.getName(), e.getStackTrace()[0].getClassName());
    assertEquals("spend", e.getStackTrace()[0].getMethodName());
  }

  @Test
  void aDeclaredCauseAndRegisteredSuppressedExceptionsArriveAsThemselves() {
    BatchFailedException e = assertThrows(BatchFailedException.class, () -> ledger.runBatch(true));
    assertEquals("batch failed", e.getMessage());
    assertEquals(2, e.failed());
    OverLimitException cause = assertInstanceOf(OverLimitException.class, e.getCause());
    assertEquals("item 3 over the limit", cause.getMessage());
    assertEquals(7, cause.limit());
    assertEquals(LedgerImpl.class.getName(), cause.getStackTrace()[0].getClassName());

    Throwable[] suppressed = e.getSuppressed();
    assertEquals(2, suppressed.length);
    QuotaException quota = assertInstanceOf(QuotaException.class, suppressed[0]);
    assertEquals("carol", quota.user());
    assertEquals(3, quota.quota());
    RemoteException other = assertInstanceOf(RemoteException.class, suppressed[1]);
    assertEquals("java.lang.IllegalArgumentException", other.remoteType());
    assertEquals("item 5 malformed", other.remoteMessage());
  }

  @Test
  void aCauseOfAClassNoSideRegistersArrivesDescribed() {
    BatchFailedException e = assertThrows(BatchFailedException.class, () -> ledger.runBatch(false));
    assertEquals("batch failed", e.getMessage());
    RemoteException cause = assertInstanceOf(RemoteException.class, e.getCause());
    assertEquals("java.lang.IllegalStateException", cause.remoteType());
    assertEquals("disk full", cause.remoteMessage());
  }

  @Test
  void fieldsOnlyExceptionsComputeTheSameMessageAgain() {
    QuotaException e = assertThrows(QuotaException.class, () -> ledger.use("bob"));
    assertEquals(QuotaException.class, e.getClass());
    assertEquals("bob is over the quota of 10", e.getMessage());
    assertEquals("bob", e.user());
    assertEquals(10, e.quota());
    assertEquals(0, e.getSuppressed().length);
  }

  @Test
  void anUnregisteredSubclassArrivesAsItsDeclaredClassKeepingItsMessageAsSuppressed() {
    QuotaException e = assertThrows(QuotaException.class, () -> ledger.useFancy("dave"));
    assertEquals(QuotaException.class, e.getClass());
    assertEquals("dave", e.user());
    assertEquals("dave is over the quota of 10", e.getMessage());
    RemoteException thrown = assertInstanceOf(RemoteException.class, e.getSuppressed()[0]);
    assertEquals(Ledger.FancyQuotaException.class.getName(), thrown.remoteType(), "the class thrown is named");
    assertEquals("*** dave ***", thrown.remoteMessage());
    RemoteException sent = assertInstanceOf(RemoteException.class, e.getSuppressed()[1]);
    assertEquals(QuotaException.class.getName(), sent.remoteType());
    assertEquals("*** dave ***", sent.remoteMessage());
  }

  @Test
  void aTypedCauseArrivesAsItsNearestRegisteredClassOfThatType() {
    StorageException e = assertThrows(StorageException.class, () -> ledger.store("k1"));
    assertEquals("cannot store k1", e.getMessage());
    IOException cause = assertInstanceOf(IOException.class, e.getCause());
    assertEquals(IOException.class, cause.getClass()); // FileNotFoundException is not registered
    assertEquals("/data/k1", cause.getMessage());
    RemoteException thrown = assertInstanceOf(RemoteException.class, cause.getSuppressed()[0]);
    assertEquals(java.io.FileNotFoundException.class.getName(), thrown.remoteType(), "the class thrown is named");
  }

  @Test
  void fieldsTheConstructorDoesNotTakeAreRestoredBySetters() {
    TaggedException e = assertThrows(TaggedException.class, () -> ledger.tag(List.of("a", "b")));
    assertEquals("tagged", e.getMessage());
    assertEquals(List.of("a", "b"), e.getTags());
  }

  @Test
  void aCycleOfCausesIsCutWithADescription() {
    BatchFailedException e = assertThrows(BatchFailedException.class, ledger::cyclic);
    assertEquals("outer", e.getMessage());
    OverLimitException inner = assertInstanceOf(OverLimitException.class, e.getCause());
    RemoteException back = assertInstanceOf(RemoteException.class, inner.getCause());
    assertEquals(BatchFailedException.class.getName(), back.remoteType());
    assertEquals("outer", back.remoteMessage());
    assertArrayEquals(e.getStackTrace(), back.getStackTrace());
    assertSame(inner, e.getCause());
  }
}
