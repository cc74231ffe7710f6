package io.typedipc.processor.validate;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.TypeMirror;

/**
 * Shows a diagnostic about a declared exception on the exception's name in the method's {@code
 * throws} clause, through javac's tree API. Outside javac (or for a method without source), the
 * caller falls back to the method element.
 */
final class ThrowsClauses {
  private final ProcessingEnvironment env;
  private final Trees trees;

  ThrowsClauses(ProcessingEnvironment env) {
    this.env = env;
    this.trees = treesOf(env);
  }

  private static Trees treesOf(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      return null; // not javac, or javac wrapped by a build tool
    }
  }

  /** Prints {@code d} on its exception in the throws clause; {@code false} if it cannot. */
  boolean print(Diagnostic d) {
    if (trees == null || d.thrown() == null) {
      return false;
    }
    TreePath method = trees.getPath(d.element());
    if (method == null || !(method.getLeaf() instanceof MethodTree declaration)) {
      return false;
    }
    for (ExpressionTree thrown : declaration.getThrows()) {
      TypeMirror type = trees.getTypeMirror(new TreePath(method, thrown));
      if (type != null && env.getTypeUtils().isSameType(type, d.thrown())) {
        trees.printMessage(d.kind(), d.message(), thrown, method.getCompilationUnit());
        return true;
      }
    }
    return false;
  }
}
