package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.esotericsoftware.kryo.io.Input;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.SharedMemoryClientMain;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shared-memory transport promises beyond "everything works the same" (which the
 * behaviour tests check by running again over it): when it is used and when not, its files, a
 * hostile ring, many connections, and an idle connection's cost. The Manager runs in this JVM so
 * that its files, mappings and threads can be looked at; the clients are its peers over loopback.
 */
class SharedMemoryTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  private Manager manager(Path directory, boolean sharedMemory) {
    return Manager.builder().address(0).authKey(key).sharedMemory(sharedMemory).sharedMemoryDirectory(directory)
        .share(TestService.class, "service", new TestServiceImpl()).start();
  }

  private ManagerClient client(Manager manager, boolean sharedMemory) {
    return ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connections(1)
        .sharedMemory(sharedMemory).connect();
  }

  @Test
  void aClientMovesToSharedMemoryOnlyWhenBothSidesWantIt(@TempDir Path dir) {
    try (Manager on = manager(dir, true); Manager off = manager(dir, false)) {
      for (boolean[] c : new boolean[][] {{true, true}, {true, false}, {false, true}, {false, false}}) {
        try (ManagerClient client = client(c[0] ? on : off, c[1])) {
          assertEquals(c[0] && c[1], client.usesSharedMemory(), "Manager " + c[0] + ", client " + c[1]);
          assertEquals("hi", client.shared(TestService.class, "service").echo("hi"));
        }
      }
    }
  }

  /**
   * README section 9's sample as written (no address: a free loopback port; the default
   * directory), and "turn it on at both ends": a client built without {@code sharedMemory}, or
   * with {@code ManagerClient.connect}, stays on TCP before a Manager that offers it, and a
   * Manager built without it keeps a client that asks on TCP.
   */
  @Test
  void theSectionNineSampleMovesToSharedMemoryAndEachEndIsOffUnlessTurnedOn() {
    try (Manager manager = Manager.builder().authKey(key).sharedMemory(true)
        .share(TestService.class, "service", new TestServiceImpl()).start()) {
      int port = manager.port();
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
          .sharedMemory(true).connect()) {
        assertTrue(client.usesSharedMemory(), "same host, and the Manager agreed");
        assertEquals("over the rings", client.shared(TestService.class, "service").echo("over the rings"));
      }
      try (ManagerClient byDefault = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connect();
          ManagerClient connected = ManagerClient.connect("127.0.0.1", port, key)) {
        assertFalse(byDefault.usesSharedMemory(), "a client builder asks for shared memory only when told to");
        assertFalse(connected.usesSharedMemory(), "ManagerClient.connect does not ask for it");
        assertEquals("tcp", byDefault.shared(TestService.class, "service").echo("tcp"));
      }
    }
    try (Manager byDefault = Manager.builder().authKey(key).share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient asking = ManagerClient.builder().address("127.0.0.1", byDefault.port()).authKey(key)
            .sharedMemory(true).connect()) {
      assertFalse(asking.usesSharedMemory(), "a Manager offers shared memory only when told to");
      assertEquals("tcp", asking.shared(TestService.class, "service").echo("tcp"));
    }
  }

  @Test
  void theFileIsOwnerOnlyRandomAnnouncedToItsClientAndGoneOnceAnswered(@TempDir Path dir) throws Exception {
    try (Manager manager = manager(dir, true); RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
      Offer offer = requestSharedMemory(raw);
      Path file = Path.of(offer.path);
      assertEquals(dir, file.getParent());
      assertTrue(file.getFileName().toString().matches("typedipc-" + ProcessHandle.current().pid() + "-[0-9a-f]{24}"),
          file.toString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      raw.send(RawConnection.frame(Protocol.SHM_DECLINE, 0, o -> o.writeString("not today")));
      awaitEmpty(dir);
      // declined: the connection goes on over TCP
      int handle = raw.openService("service");
      raw.send(RawConnection.call(2, handle, "echo", "still here"));
      assertEquals("still here", raw.readReply(LONG).value(String.class));
    }
  }

  /**
   * A file's name is random, not a counter or a clock: the random parts of two connections' files
   * (96 bits each) share no long prefix, and neither name is ever announced to another connection.
   */
  @Test
  void eachConnectionsFileHasARandomNameOfItsOwn(@TempDir Path dir) throws Exception {
    try (Manager manager = manager(dir, true); RawConnection first = RawConnection.authenticated(manager.port(), key);
        RawConnection second = RawConnection.authenticated(manager.port(), key)) {
      String a = Path.of(requestSharedMemory(first).path).getFileName().toString();
      String b = Path.of(requestSharedMemory(second).path).getFileName().toString();
      String randomA = a.substring(a.lastIndexOf('-') + 1);
      String randomB = b.substring(b.lastIndexOf('-') + 1);
      int common = 0;
      while (common < randomA.length() && randomA.charAt(common) == randomB.charAt(common)) {
        common++;
      }
      assertTrue(common < 12, "two files' names share " + common + " of their 24 random digits: " + a + ", " + b);
      for (RawConnection raw : List.of(first, second)) {
        raw.send(RawConnection.frame(Protocol.SHM_DECLINE, 0, o -> o.writeString("just looking")));
      }
      awaitEmpty(dir);
    }
  }

  /**
   * A client that did not see the very file offered (it echoes other bytes than the file's nonce)
   * is never switched: the Manager treats it as a protocol error on that connection, deletes the
   * file, and serves others.
   */
  @Test
  void anAcceptanceWithoutTheFilesNonceIsNeverSwitched(@TempDir Path dir) throws Exception {
    try (Manager manager = manager(dir, true); ManagerClient honest = client(manager, true);
        RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
      Offer offer = requestSharedMemory(raw);
      byte[] wrong = offer.nonce.clone();
      wrong[0] ^= 1;
      raw.send(RawConnection.frame(Protocol.SHM_ACCEPT, 0, o -> {
        o.writeVarInt(wrong.length, true);
        o.writeBytes(wrong);
        o.writeVarInt(32, true);
        o.writeBytes(new byte[32]);
      }));
      assertClosed(raw, "the Manager kept a connection that answered its offer with the wrong nonce");
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(List.of(), files.filter(f -> f.toString().equals(offer.path)).toList(), "the offered file stayed");
      }
      assertEquals("fine", honest.shared(TestService.class, "service").echo("fine"));
      assertTrue(honest.usesSharedMemory());
    }
  }

  /**
   * An offer the client never answers is withdrawn at the handshake timeout, its file deleted and
   * the connection closed: before, a blocking read waited for the answer until the idle timeout
   * (60 s by default), keeping the file (516 KiB of memory) that long for every such connection.
   */
  @Test
  void anOfferNeverAnsweredIsWithdrawnAtTheHandshakeTimeout(@TempDir Path dir) throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).sharedMemory(true).sharedMemoryDirectory(dir)
            .handshakeTimeout(Duration.ofSeconds(1)).share(TestService.class, "service", new TestServiceImpl()).start();
        RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
      Offer offer = requestSharedMemory(raw);
      long start = System.nanoTime();
      assertClosed(raw, "the Manager kept a connection that never answered its offer");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 30_000, "closed only after " + millis + " ms, not at the 1 s handshake timeout");
      // deleted by the connection's thread as it ends
      Reconnects.awaitTrue(() -> !Files.exists(Path.of(offer.path)), "the offered file to be deleted");
    }
  }

  @Test
  void aManagerRemovesTheFilesOfCrashedManagersAtStart(@TempDir Path dir) throws Exception {
    Path stale = fileOfAFinishedProcess(dir);
    Path live = Files.createFile(dir.resolve("typedipc-" + ProcessHandle.current().pid() + "-00000000000000000000000a"));
    Path unrelated = Files.createFile(dir.resolve("notes.txt"));
    try (Manager manager = manager(dir, true)) {
      assertFalse(Files.exists(stale), "a dead Manager's file stays");
      assertTrue(Files.exists(live), "a running Manager's file was removed");
      assertTrue(Files.exists(unrelated));
    }
  }

  @Test
  void staleFilesAreFoundByTheirOwnersIdNotByTheUserNameProperty(@TempDir Path dir) throws Exception {
    // user.name need not name the process's user: a uid without a passwd entry gives "?"
    Path stale = fileOfAFinishedProcess(dir);
    String userName = System.getProperty("user.name");
    System.setProperty("user.name", "?");
    try (Manager manager = manager(dir, true)) {
      assertFalse(Files.exists(stale), "a dead Manager's file stays");
    } finally {
      System.setProperty("user.name", userName);
    }
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "the Manager left files behind");
    }
  }

  /** A file named as a Manager's whose process has ended, as a crashed Manager leaves one. */
  private static Path fileOfAFinishedProcess(Path dir) throws Exception {
    Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    finished.waitFor();
    return Files.createFile(dir.resolve("typedipc-" + finished.pid() + "-0123456789abcdef01234567"));
  }

  @Test
  void aSharedMemoryDirectoryThatIsNotOneIsRefusedAtStart(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("a-file"));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> manager(file, true));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a writable directory"), e.getMessage());
  }

  @Test
  void aCorruptRingIsAProtocolErrorOnThatConnectionOnly(@TempDir Path dir) throws Exception {
    try (Manager manager = manager(dir, true); ManagerClient honest = client(manager, true)) {
      TestService service = honest.shared(TestService.class, "service");
      // a frame whose length is past any limit, then a writer position past the end of the ring
      for (boolean pastTheEnd : new boolean[] {false, true}) {
        try (RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
          Offer offer = requestSharedMemory(raw);
          MappedByteBuffer ring = map(offer);
          byte[] proof = new byte[32];
          java.util.Arrays.fill(proof, (byte) 7);
          ring.put(48, proof); // the bytes written through this mapping, which the Manager looks for in its own
          raw.send(RawConnection.frame(Protocol.SHM_ACCEPT, 0, o -> {
            o.writeVarInt(offer.nonce.length, true);
            o.writeBytes(offer.nonce);
            o.writeVarInt(proof.length, true);
            o.writeBytes(proof);
          }));
          assertEquals(Protocol.SHM_SWITCH, raw.readFrame(LONG)[0], "the Manager did not switch");
          if (pastTheEnd) {
            ring.putLong(1024 + 128, 10L * offer.capacity); // ring 0's writer position
          } else {
            ring.put(4096, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // a 2 GiB frame
            ring.putLong(1024 + 128, 4);
          }
          raw.socket.write(java.nio.ByteBuffer.wrap(new byte[] {0})); // the doorbell
          assertClosed(raw, "the Manager kept a connection whose ring is corrupt (past the end: " + pastTheEnd + ")");
          assertEquals("fine", service.echo("fine"));
        }
      }
    }
  }

  /**
   * Fifty connections, twice, with the Manager in its own JVM: each has its own rings, mapped once
   * on each side, its file gone as soon as both sides mapped it; closing the clients unmaps the
   * rings in both JVMs at once, without a garbage collection (none is asked for), so the tmpfs
   * pages go with them.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void fiftyConnectionsOpenedAndClosedGiveTheirMemoryAndFilesBackAtClose(@TempDir Path dir) throws Exception {
    try (ChildJvm manager = ChildJvm.start(SharedMemoryManagerMain.class, key, dir.toString())) {
      int port = Integer.parseInt(manager.awaitLine("PORT", LONG));
      Path clientMaps = Path.of("/proc/self/maps");
      Path managerMaps = Path.of("/proc/" + manager.pid() + "/maps");
      long clientStart = mappedRings(clientMaps, dir);
      long managerStart = mappedRings(managerMaps, dir);
      long clientStartBytes = mappedBytes(clientMaps, dir);
      long managerStartBytes = mappedBytes(managerMaps, dir);
      for (int round = 0; round < 2; round++) {
        List<ManagerClient> clients = new ArrayList<>();
        try {
          for (int i = 0; i < 50; i++) {
            ManagerClient c = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1)
                .sharedMemory(true).connect();
            clients.add(c);
            assertTrue(c.usesSharedMemory(), "connection " + i + " stayed on TCP");
            assertEquals("c" + i, c.shared(TestService.class, "service").echo("c" + i));
          }
          assertEquals(clientStart + 50, mappedRings(clientMaps, dir), "rings mapped in the client JVM");
          assertEquals(managerStart + 50, mappedRings(managerMaps, dir), "rings mapped in the Manager's JVM");
          // each: two rings of 256 KiB and a 4 KiB header, the README's "516 KiB per connection"
          assertEquals(50L * (4 + 512) * 1024, mappedBytes(clientMaps, dir) - clientStartBytes);
          assertEquals(50L * (4 + 512) * 1024, mappedBytes(managerMaps, dir) - managerStartBytes);
          try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "files left while connected");
          }
          System.out.printf("50 shared-memory connections: %d kB resident in the client's ring mappings, %d kB in the"
              + " Manager's%n", residentKb(Path.of("/proc/self/smaps"), dir),
              residentKb(Path.of("/proc/" + manager.pid() + "/smaps"), dir));
        } finally {
          clients.forEach(ManagerClient::close);
        }
        // close unmaps: no System.gc() here. The client's side goes as close returns, once its
        // reader thread left the ring; the Manager's as it sees the socket end
        long deadline = System.nanoTime() + LONG.toNanos();
        while (mappedRings(clientMaps, dir) != clientStart || mappedRings(managerMaps, dir) != managerStart) {
          assertTrue(System.nanoTime() < deadline, "30 s after closing, rings still mapped: "
              + mappedRings(clientMaps, dir) + " in the client JVM, " + mappedRings(managerMaps, dir) + " in the Manager's");
          Thread.sleep(20);
        }
        try (Stream<Path> files = Files.list(dir)) {
          assertEquals(List.of(), files.toList(), "files left after closing");
        }
      }
      assertTrue(manager.isAlive(), manager.output());
      assertNoWarnings(manager.output()); // e.g. none from the JVM about how the rings are unmapped
    }
  }

  /**
   * A client JVM that cannot see the Manager's files — here one in a mount namespace of its own
   * with an empty tmpfs over the Manager's directory, as a client on another host reached through
   * a tunnel or port forward to 127.0.0.1 would (its address looks local; the file is not there) —
   * stays on TCP, saying so only at DEBUG, and its calls work. The same client JVM without the
   * namespace moves to shared memory, so the namespace is what makes the difference.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aClientThatCannotSeeTheManagersFilesStaysOnTcpSayingSoOnlyAtDebug(@TempDir Path dir) throws Exception {
    List<String> ownMountNamespace = List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
        "mount -t tmpfs tmpfs \"$0\" && exec \"$@\"", dir.toString());
    List<String> probeCommand = new ArrayList<>(ownMountNamespace);
    probeCommand.add("true");
    Process probe = new ProcessBuilder(probeCommand)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "unprivileged user and mount namespaces (unshare -Urm) are not available here");
    try (ChildJvm manager = ChildJvm.start(SharedMemoryManagerMain.class, key, dir.toString())) {
      String port = manager.awaitLine("PORT", LONG);
      try (ChildJvm local = ChildJvm.start(SharedMemoryClientMain.class, key, port)) {
        assertEquals("true", local.awaitLine("SHM", LONG), local.output());
        assertEquals("from afar", local.awaitLine("ECHO", LONG));
      }
      try (ChildJvm remote = ChildJvm.startUnder(ownMountNamespace, SharedMemoryClientMain.class, key, port)) {
        assertEquals("false", remote.awaitLine("SHM", LONG), remote.output());
        assertEquals("from afar", remote.awaitLine("ECHO", LONG));
        assertFallbackLoggedOnlyAtDebug(remote.output(), "shared memory: cannot map the file offered by /127.0.0.1:" + port);
      }
      awaitEmpty(dir);
      assertNoWarnings(manager.output());
    }
  }

  /** A client JVM facing a Manager JVM with shared memory off stays on TCP, saying so only at DEBUG. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aClientFacingAManagerWithSharedMemoryOffStaysOnTcpSayingSoOnlyAtDebug() throws Exception {
    try (ChildJvm manager = ChildJvm.start(List.of("-D" + TestTransport.PROPERTY + "=false"), TestManagerMain.class, key)) {
      String port = manager.awaitLine("PORT", LONG);
      try (ChildJvm client = ChildJvm.start(SharedMemoryClientMain.class, key, port)) {
        assertEquals("false", client.awaitLine("SHM", LONG), client.output());
        assertEquals("from afar", client.awaitLine("ECHO", LONG));
        assertFallbackLoggedOnlyAtDebug(client.output(), "shared memory: the Manager at /127.0.0.1:" + port
            + " refused (shared memory is off in this Manager); TCP it is");
      }
      assertNoWarnings(manager.output());
    }
  }

  /** Without {@code sharedMemoryDirectory}, the files go to /dev/shm where it exists. */
  @Test
  void theFilesGoToDevShmByDefault() throws Exception {
    Path devShm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(devShm) && Files.isWritable(devShm), "no writable /dev/shm here");
    try (Manager manager = Manager.builder().address(0).authKey(key).sharedMemory(true)
            .share(TestService.class, "service", new TestServiceImpl()).start();
        RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
      Path file = Path.of(requestSharedMemory(raw).path);
      assertEquals(devShm, file.getParent());
      raw.send(RawConnection.frame(Protocol.SHM_DECLINE, 0, o -> o.writeString("just looking")));
      long deadline = System.nanoTime() + LONG.toNanos();
      while (Files.exists(file)) {
        assertTrue(System.nanoTime() < deadline, file + " was not deleted after the client declined");
        Thread.sleep(20);
      }
    }
  }

  /**
   * A client JVM that opens the Manager's file but whose mapping is not the Manager's memory —
   * played by mapping it copy-on-write (a package-private seam), as one file of a network file
   * system mapped on two hosts behaves — stays on TCP: the Manager does not find, in its own
   * mapping, the bytes the client wrote into its, refuses, and only DEBUG lines say so.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aClientWhoseMappingIsNotTheManagersMemoryStaysOnTcp(@TempDir Path dir) throws Exception {
    try (ChildJvm manager = ChildJvm.start(SharedMemoryManagerMain.class, key, dir.toString())) {
      String port = manager.awaitLine("PORT", LONG);
      try (ChildJvm remote = ChildJvm.start(SharedMemoryClientMain.class, key, port, "private")) {
        assertEquals("false", remote.awaitLine("SHM", LONG), remote.output());
        assertEquals("from afar", remote.awaitLine("ECHO", LONG));
        assertFallbackLoggedOnlyAtDebug(remote.output(), "shared memory: the Manager at /127.0.0.1:" + port
            + " refused after mapping (the bytes the client wrote into its mapping are not in the Manager's: not the"
            + " same memory); TCP it is");
      }
      awaitEmpty(dir);
      assertNoWarnings(manager.output());
    }
  }

  @Test
  void idleSharedMemoryConnectionsCostAlmostNoCpu(@TempDir Path dir) throws Exception {
    try (Manager manager = manager(dir, true)) {
      List<ManagerClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 10; i++) {
          ManagerClient c = client(manager, true);
          clients.add(c);
          c.shared(TestService.class, "service").echo("warm");
        }
        // the README's spins: 20 µs before sleeping, 200 µs with lowLatency(true)
        assertEquals(TimeUnit.MICROSECONDS.toNanos(20), FrameChannel.shmSpinNanos(false));
        assertEquals(TimeUnit.MICROSECONDS.toNanos(200), FrameChannel.shmSpinNanos(true));
        Thread.sleep(200); // let the readers get past their spin and sleep
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = typedipcCpuNanos(threads);
        long t0 = System.nanoTime();
        Thread.sleep(2_000);
        double share = (double) (typedipcCpuNanos(threads) - cpu0) / (System.nanoTime() - t0);
        System.out.printf("10 idle shared-memory connections: %.3f %% of one core (both sides)%n", share * 100);
        assertTrue(share < 0.02, "idle connections cost " + share * 100 + " % of a core");
      } finally {
        clients.forEach(ManagerClient::close);
      }
    }
  }

  /**
   * The idle timeout and its keep-alive hold over shared memory as over TCP: a client whose frames
   * all go through the rings (busy for three idle timeouts, then idle for three) keeps its
   * connection; the Manager hears it through the rings, not only through the socket.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSharedMemoryClientBusyOrIdleKeepsItsConnectionPastTheIdleTimeout(@TempDir Path dir) throws Exception {
    try (Manager manager = Manager.builder().address(0).authKey(key).sharedMemory(true).sharedMemoryDirectory(dir)
            .idleTimeout(Duration.ofSeconds(1)).share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient client = client(manager, true)) {
      assertTrue(client.usesSharedMemory(), "the client stayed on TCP");
      TestService service = client.shared(TestService.class, "service");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      int calls = 0;
      while (System.nanoTime() - until < 0) {
        assertEquals("busy" + calls, service.echo("busy" + calls));
        calls++;
      }
      assertTrue(client.isConnected(), "the busy client lost its connection after " + calls + " calls");
      Thread.sleep(3_000); // idle for three idle timeouts: this is the behaviour under test
      assertTrue(client.isConnected(), "the idle client lost its connection");
      assertEquals("after", service.echo("after"));
      assertTrue(client.usesSharedMemory());
    }
  }

  // ------------------------------------------------------------------ helpers

  private record Offer(String path, int capacity, byte[] nonce) {}

  /** Asks for shared memory on a raw connection; returns the Manager's offer and the file's nonce. */
  private static Offer requestSharedMemory(RawConnection raw) throws IOException {
    raw.send(RawConnection.frame(Protocol.SHM_REQUEST, 0, o -> {}));
    Input in = new Input(raw.readFrame(LONG));
    assertEquals(Protocol.SHM_OFFER, in.readByte());
    in.readVarLong(true);
    String path = in.readString();
    int capacity = in.readVarInt(true);
    byte[] nonce = new byte[32];
    try (FileChannel fc = FileChannel.open(Path.of(path), StandardOpenOption.READ)) {
      fc.read(java.nio.ByteBuffer.wrap(nonce), 16);
    }
    return new Offer(path, capacity, nonce);
  }

  private static MappedByteBuffer map(Offer offer) throws IOException {
    try (FileChannel fc = FileChannel.open(Path.of(offer.path), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer map = fc.map(FileChannel.MapMode.READ_WRITE, 0, fc.size());
      map.order(ByteOrder.nativeOrder());
      return map;
    }
  }

  /** Waits until the Manager closes the raw connection (its socket reaches end of stream). */
  private static void assertClosed(RawConnection raw, String message) throws IOException {
    raw.socket.socket().setSoTimeout((int) LONG.toMillis());
    InputStream in = raw.socket.socket().getInputStream();
    try {
      while (in.read() >= 0) {
        // doorbells
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(message, e);
    } catch (IOException e) {
      // reset: closed too
    }
  }

  private static void awaitEmpty(Path dir) throws Exception {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (true) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.findAny().isEmpty()) {
          return;
        }
      }
      assertTrue(System.nanoTime() < deadline, "the declined file was not deleted");
      Thread.sleep(20);
    }
  }

  /** Mappings of ring files in {@code dir} listed in {@code maps} (a /proc/pid/maps; deleted files included). */
  private static long mappedRings(Path maps, Path dir) throws IOException {
    String prefix = dir.resolve("typedipc-").toString();
    try (Stream<String> lines = Files.lines(maps)) {
      return lines.filter(l -> l.contains(prefix)).count();
    }
  }

  /** Bytes of address space of the mappings of ring files in {@code dir} listed in {@code maps}. */
  private static long mappedBytes(Path maps, Path dir) throws IOException {
    String prefix = dir.resolve("typedipc-").toString();
    long bytes = 0;
    for (String line : Files.readAllLines(maps)) {
      if (line.contains(prefix)) {
        String[] range = line.substring(0, line.indexOf(' ')).split("-");
        bytes += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
      }
    }
    return bytes;
  }

  /** Resident kB of the mappings of ring files in {@code dir}, from a /proc/pid/smaps. */
  static long residentKb(Path smaps, Path dir) throws IOException {
    String prefix = dir.resolve("typedipc-").toString();
    long kb = 0;
    boolean ring = false;
    for (String line : Files.readAllLines(smaps)) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        ring = line.contains(prefix);
      } else if (ring && line.startsWith("Rss:")) {
        kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kb;
  }

  /** The client said {@code expected} at DEBUG (JUL's FINE) under the transport's logger, and nothing at INFO or above. */
  private static void assertFallbackLoggedOnlyAtDebug(String output, String expected) {
    assertTrue(output.contains("LOG FINE io.typedipc.transport " + expected),
        "no DEBUG line '" + expected + "' under io.typedipc.transport in:\n" + output);
    for (String line : output.split("\n")) {
      assertFalse(line.startsWith("LOG INFO") || line.startsWith("LOG WARNING") || line.startsWith("LOG SEVERE")
          || line.startsWith("WARNING"), "the fallback was not silent: " + line);
    }
  }

  /** The Manager JVM (JUL's default console: INFO and above) printed no warning or error. */
  private static void assertNoWarnings(String output) {
    assertFalse(output.contains("WARNING") || output.contains("SEVERE") || output.contains("Exception"), output);
  }

  private static long typedipcCpuNanos(ThreadMXBean threads) {
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("typedipc")) {
        long t = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, t);
      }
    }
    return total;
  }
}
