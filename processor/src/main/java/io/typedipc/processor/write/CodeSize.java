package io.typedipc.processor.write;

import io.typedipc.processor.model.MethodModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps generated methods under the JVM's limit of 64 KiB of bytecode per method. A writer whose
 * method holds one part per remote method (a dispatcher's switch, a binding's descriptors) asks
 * here whether they fit in one method, and else for groups that each fit in a helper method.
 * Sizes are estimates that err high; an interface of ordinary size stays in one method, so its
 * generated code reads as before.
 */
final class CodeSize {
  /** Estimated bytes one generated method may hold: half the JVM's limit. */
  static final int BUDGET = 32 * 1024;

  private CodeSize() {}

  /**
   * {@code methods} as consecutive groups, in order, each estimated within {@link #BUDGET}; one
   * group holding them all when they fit together.
   */
  static List<List<MethodModel>> groups(List<MethodModel> methods, ToIntFunction<MethodModel> bytes) {
    List<List<MethodModel>> groups = new ArrayList<>();
    List<MethodModel> group = new ArrayList<>();
    int size = 0;
    for (MethodModel method : methods) {
      int cost = bytes.applyAsInt(method);
      if (!group.isEmpty() && size + cost > BUDGET) {
        groups.add(group);
        group = new ArrayList<>();
        size = 0;
      }
      group.add(method);
      size += cost;
    }
    if (!group.isEmpty() || groups.isEmpty()) {
      groups.add(group);
    }
    return groups;
  }

  /** A dispatcher's switch case: the target call, and per argument a load, a cast and an unboxing. */
  static int dispatchCase(MethodModel method) {
    return 40 + 16 * method.parameters().size();
  }

  /** A channel's {@code deliver} case: per argument a read, a cast and a local; the handler call. */
  static int deliverCase(MethodModel method) {
    return 40 + 20 * method.parameters().size();
  }

  /** A binding's descriptor: its constants, and a class literal per parameter and exception. */
  static int descriptor(MethodModel method) {
    return 60 + 10 * (method.parameters().size() + method.checkedExceptions().size());
  }
}
