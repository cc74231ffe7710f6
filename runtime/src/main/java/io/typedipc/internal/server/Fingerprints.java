package io.typedipc.internal.server;

import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Explains why a client's view of an interface differs from the Manager's. */
final class Fingerprints {
  private Fingerprints() {}

  /**
   * A message naming the interface and each method that exists on one side only (a changed method
   * shows up once on each side).
   */
  static String describeMismatch(InterfaceDescriptor manager, List<String> clientSignatures) {
    TreeSet<String> onManager = new TreeSet<>();
    for (MethodDescriptor m : manager.methods()) {
      onManager.add(m.signature());
    }
    TreeSet<String> onClient = new TreeSet<>(clientSignatures);
    List<String> differences = new ArrayList<>();
    for (String s : onClient) {
      if (!onManager.contains(s)) {
        differences.add("'" + s + "' exists only in the client");
      }
    }
    for (String s : onManager) {
      if (!onClient.contains(s)) {
        differences.add("'" + s + "' exists only in the Manager");
      }
    }
    if (differences.isEmpty()) {
      differences.add("the methods match but the fingerprints differ (different typedipc versions?)");
    }
    return "interface " + manager.name() + " differs between this client and the Manager: "
        + String.join("; ", differences)
        + ". Compile both sides against the same version of the interface.";
  }
}
