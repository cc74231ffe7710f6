package io.typedipc.processor.validate;

import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Validates the methods of a {@code @Channel} interface: parameters follow the {@code @Shared}
 * rules, and every method is one-way ({@code void}, no checked exceptions).
 */
public final class ChannelValidator {
  private final MethodChecks checks;

  /** Creates a validator using the compiler's utilities. */
  public ChannelValidator(ProcessingEnvironment env) {
    this.checks = new MethodChecks(new CrossingTypeChecker(env, false));
  }

  /** Validates every method of {@code model}. */
  public ValidationReport validate(InterfaceModel model) {
    ValidationReport report = new ValidationReport();
    for (MethodModel method : model.methods()) {
      if (!checks.checkNotGeneric(model, method, report)) {
        continue;
      }
      checks.checkName(model, method, report);
      checks.checkParameters(model, method, report);
      if (method.returnType().getKind() != TypeKind.VOID) {
        report.add(
            Diagnostic.error(
                MethodChecks.target(model, method, method.element()),
                Message.CHANNEL_NOT_VOID,
                MethodChecks.describe(model, method),
                method.returnType()));
      }
      if (!method.checkedExceptions().isEmpty()) {
        report.add(
            Diagnostic.error(
                MethodChecks.target(model, method, method.element()),
                Message.CHANNEL_THROWS,
                MethodChecks.describe(model, method),
                method.checkedExceptions().stream()
                    .map(TypeMirror::toString)
                    .collect(Collectors.joining(", "))));
      }
    }
    checks.checkIds(model, report);
    return report;
  }
}
