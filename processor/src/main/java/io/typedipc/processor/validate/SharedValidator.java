package io.typedipc.processor.validate;

import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Validates the methods of a {@code @Shared} interface. */
public final class SharedValidator {
  private final CrossingTypeChecker checker;
  private final MethodChecks checks;

  /** Creates a validator using the compiler's utilities. */
  public SharedValidator(ProcessingEnvironment env) {
    this.checker = new CrossingTypeChecker(env);
    this.checks = new MethodChecks(checker);
  }

  /** Validates every remote method of {@code model}. */
  public ValidationReport validate(InterfaceModel model) {
    ValidationReport report = new ValidationReport();
    for (MethodModel method : model.methods()) {
      if (!checks.checkNotGeneric(model, method, report)) {
        continue;
      }
      checks.checkParameters(model, method, report);
      checks.checkResult(model, method, report);
      checkExceptions(model, method, report);
    }
    checks.checkIds(model, report);
    return report;
  }

  private void checkExceptions(InterfaceModel model, MethodModel method, ValidationReport report) {
    for (TypeMirror exception : method.checkedExceptions()) {
      if (exception.getKind() == TypeKind.TYPEVAR) {
        report.add(
            Diagnostic.error(
                MethodChecks.target(model, method, method.element()),
                Message.EXCEPTION_TYPE_VARIABLE,
                MethodChecks.describe(model, method),
                exception));
        continue;
      }
      Problem problem = checker.checkException((DeclaredType) exception, t -> {});
      if (problem != null) {
        report.add(
            new Diagnostic(
                javax.tools.Diagnostic.Kind.ERROR,
                MethodChecks.target(model, method, method.element()),
                problem.format(MethodChecks.describe(model, method))));
      }
    }
  }
}
