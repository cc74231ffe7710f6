package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Gets {@code n} new cells, keeps {@code k} of them and drops the rest, then forever: collects
 * garbage (so that its dropped proxies are reported) and checks that every kept cell still
 * answers, printing {@code ROUND r} after each round; exits 1 if a kept cell fails.
 */
public final class CellsClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int keep = Integer.parseInt(args[2]);
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      Cells cells = client.shared(Cells.class, "cells");
      List<Cells.Cell> kept = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Cells.Cell cell = cells.newCell(i);
        if (cell.get() != i) {
          throw new AssertionError("cell " + i + " holds " + cell.get());
        }
        if (i < keep) {
          kept.add(cell);
        }
      }
      System.out.println("GOT " + n);
      for (int round = 0; ; round++) {
        System.gc();
        for (int i = 0; i < kept.size(); i++) {
          kept.get(i).set(kept.get(i).get() + 1); // fails if the Manager let a kept cell go
        }
        System.out.println("ROUND " + round);
        Thread.sleep(50); // pacing the rounds, not synchronisation
      }
    }
  }
}
