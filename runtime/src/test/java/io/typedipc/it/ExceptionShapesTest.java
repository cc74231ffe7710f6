package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import io.typedipc.it.Faults.ChoiceException;
import io.typedipc.it.Faults.CountedException;
import io.typedipc.it.Faults.FlagException;
import io.typedipc.it.Faults.LevelException;
import io.typedipc.it.Faults.WrappedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/exceptions.md's rules for reading and rebuilding a declared exception, each with a
 * Manager in another JVM: accessors {@code getX}/{@code isX}, a {@code msg} parameter, a field
 * set directly, a superclass's fields, a cause given by {@code initCause}, the choice of
 * constructor; and null, large and concurrent cases.
 */
@Timeout(120)
class ExceptionShapesTest {
  private static ChildJvm managerJvm;
  private static ManagerClient client;
  private static Faults faults;

  @BeforeAll
  static void startManager() throws Exception {
    AuthKey key = AuthKey.generate();
    managerJvm = ChildJvm.start(FaultsManagerMain.class, key);
    int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(60)));
    client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
        .register(Faults.RegisteredException.class).connect();
    faults = client.shared(Faults.class, "faults");
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
  void fieldsReadThroughGetAndIsAccessorsAndAMsgParameterArrive() {
    FlagException e = assertThrows(FlagException.class, () -> faults.flag("E42", true));
    assertEquals(FlagException.class, e.getClass());
    assertEquals("flag 3", e.getMessage());
    assertEquals("E42", e.getCode());
    assertTrue(e.isRetryable());
    assertEquals(FaultsImpl.class.getName(), e.getStackTrace()[0].getClassName());

    FlagException f = assertThrows(FlagException.class, () -> faults.flag("", false));
    assertEquals("", f.getCode());
    assertFalse(f.isRetryable());
  }

  @Test
  void nullMessageAndFieldsArriveAsNull() {
    FlagException e = assertThrows(FlagException.class, () -> faults.flag(null, false));
    assertNull(e.getMessage());
    assertNull(e.getCode());
  }

  @Test
  void aLargeFieldArrivesWhole() {
    String code = "x".repeat(200_000);
    FlagException e = assertThrows(FlagException.class, () -> faults.flag(code, true));
    assertEquals(code, e.getCode());
    assertEquals("flag 200000", e.getMessage());
  }

  @Test
  void aVisibleFieldNoConstructorTakesIsSetDirectly() {
    CountedException e = assertThrows(CountedException.class, () -> faults.count(5));
    assertEquals("gave up", e.getMessage());
    assertEquals(5, e.attempts);
  }

  @Test
  void theFieldsOfASuperclassBelowTheJdkTravelToo() {
    LevelException e = assertThrows(LevelException.class, () -> faults.level("north", 9));
    assertEquals(LevelException.class, e.getClass());
    assertEquals("too deep", e.getMessage());
    assertEquals("north", e.area());
    assertEquals(9, e.level());
  }

  @Test
  void aCauseTheConstructorDoesNotTakeIsSetWithInitCause() {
    WrappedException e = assertThrows(WrappedException.class, () -> faults.wrapped(true));
    assertEquals("wrapped", e.getMessage());
    FlagException cause = assertInstanceOf(FlagException.class, e.getCause());
    assertEquals("inner", cause.getMessage());
    assertEquals("E1", cause.getCode());
    assertTrue(cause.isRetryable());

    WrappedException d = assertThrows(WrappedException.class, () -> faults.wrapped(false));
    RemoteException described = assertInstanceOf(RemoteException.class, d.getCause());
    assertEquals("java.lang.IllegalStateException", described.remoteType());
    assertEquals("not declared", described.remoteMessage());
  }

  @Test
  void aCauseOfAClassRegisteredByHandOnBothSidesArrivesAsItselfRebuiltByReflection() {
    WrappedException e = assertThrows(WrappedException.class, () -> faults.registeredCause());
    Faults.RegisteredException cause = assertInstanceOf(Faults.RegisteredException.class, e.getCause());
    assertEquals("by hand", cause.getMessage());
    assertEquals(7, cause.code());
    assertEquals(FaultsImpl.class.getName(), cause.getStackTrace()[0].getClassName());
  }

  @Test
  void theConstructorTakingTheMostFieldsThenTheCauseIsChosen() {
    ChoiceException e = assertThrows(ChoiceException.class, () -> faults.choose());
    assertEquals("cause, a, b", e.madeBy());
    assertEquals("chosen", e.getMessage());
    assertEquals(1, e.a());
    assertEquals(2, e.getB());
    assertNull(e.getCause());
  }

  /**
   * A declared exception with a long chain of causes still arrives as itself: the causes travel
   * by value as far as the value's depth allows, then described (RemoteException), instead of the
   * whole exception arriving only as a RemoteException.
   */
  @Test
  void aDeclaredExceptionWithALongChainOfCausesArrivesAsItself() {
    for (int depth : new int[] {10, 100, 1_000}) {
      WrappedException e = assertThrows(WrappedException.class, () -> faults.chain(depth), "depth " + depth);
      int byValue = 0;
      Throwable t = e;
      for (; t instanceof WrappedException; t = t.getCause()) {
        assertEquals("level " + byValue, t.getMessage());
        byValue++;
      }
      if (depth == 10) {
        assertEquals(11, byValue);
        assertNull(t);
      } else {
        assertTrue(byValue >= 16, byValue + " causes arrived by value");
        RemoteException described = assertInstanceOf(RemoteException.class, t, "depth " + depth);
        assertEquals(WrappedException.class.getName(), described.remoteType());
        assertEquals("level " + byValue, described.remoteMessage());
      }
    }
    assertEquals("flag 3", assertThrows(FlagException.class, () -> faults.flag("abc", true)).getMessage());
  }

  @Test
  void anAsyncMethodsDeclaredExceptionArrivesAsItself() throws Exception {
    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> faults.later(true).get(30, java.util.concurrent.TimeUnit.SECONDS));
    FlagException flag = assertInstanceOf(FlagException.class, e.getCause());
    assertEquals("async", flag.getMessage());
    assertEquals("A1", flag.getCode());
    assertEquals(1, faults.later(false).get(30, java.util.concurrent.TimeUnit.SECONDS));
  }

  @Test
  void fieldsOfRecordsEnumsMapsAndArraysArrive() {
    Faults.DetailedException e = assertThrows(Faults.DetailedException.class, () -> faults.detailed());
    assertEquals(new Faults.Spot("here", 7), e.spot());
    assertEquals(Faults.Severity.HIGH, e.severity());
    assertEquals(java.util.Map.of("a", 1, "b", 2), e.counts());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3}, e.payload());
  }

  @Test
  void aDeclaredSubclassAndItsDeclaredSuperclassEachArriveAsThemselves() {
    LevelException sub = assertThrows(LevelException.class, () -> faults.either(true));
    assertEquals(LevelException.class, sub.getClass());
    assertEquals(2, sub.level());
    assertEquals("east", sub.area());
    Faults.AreaException base = assertThrows(Faults.AreaException.class, () -> faults.either(false));
    assertEquals(Faults.AreaException.class, base.getClass());
    assertEquals("west", base.area());
  }

  @Test
  void aDescribedCauseKeepsItsOwnCausesAndTheManagersStackTraces() {
    WrappedException e = assertThrows(WrappedException.class, () -> faults.describedChain());
    RemoteException outer = assertInstanceOf(RemoteException.class, e.getCause());
    assertEquals("java.lang.IllegalStateException", outer.remoteType());
    assertEquals("outer", outer.remoteMessage());
    assertEquals(FaultsImpl.class.getName(), outer.getStackTrace()[0].getClassName());
    RemoteException inner = assertInstanceOf(RemoteException.class, outer.getCause());
    assertEquals("java.lang.IllegalArgumentException", inner.remoteType());
    assertEquals("inner", inner.remoteMessage());
    assertNull(inner.getCause());
  }

  @Test
  void concurrentCallersEachGetTheirOwnException() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<LevelException>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int n = i;
        futures.add(pool.submit(() -> assertThrows(LevelException.class, () -> faults.level("a" + n, n))));
      }
      for (int i = 0; i < futures.size(); i++) {
        LevelException e = futures.get(i).get();
        assertEquals("a" + i, e.area());
        assertEquals(i, e.level());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
