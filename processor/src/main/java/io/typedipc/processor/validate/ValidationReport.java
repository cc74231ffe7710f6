package io.typedipc.processor.validate;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.Diagnostic.Kind;

/** What a validator found. Nothing is generated for an element whose report has errors. */
public final class ValidationReport {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  /** Adds a diagnostic. */
  public ValidationReport add(Diagnostic diagnostic) {
    diagnostics.add(diagnostic);
    return this;
  }

  /** Adds every diagnostic of {@code other}. */
  public ValidationReport addAll(ValidationReport other) {
    diagnostics.addAll(other.diagnostics);
    return this;
  }

  /** The diagnostics, in the order found. */
  public List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  /** Whether no diagnostic is an error. */
  public boolean isClean() {
    return diagnostics.stream().noneMatch(d -> d.kind() == Kind.ERROR);
  }

  /**
   * Reports every diagnostic to the compiler: on its element, or for one about a declared
   * exception, on the exception in the {@code throws} clause where javac can say where that is.
   */
  public void printTo(ProcessingEnvironment env) {
    Messager messager = env.getMessager();
    ThrowsClauses throwsClauses = null;
    for (Diagnostic d : diagnostics) {
      if (d.thrown() != null) {
        throwsClauses = throwsClauses == null ? new ThrowsClauses(env) : throwsClauses;
        if (throwsClauses.print(d)) {
          continue;
        }
      }
      messager.printMessage(d.kind(), d.message(), d.element());
    }
  }
}
