package io.typedipc.processor.validate;

import io.typedipc.processor.model.ExceptionModel;
import io.typedipc.processor.model.ExceptionReader;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.MethodModel;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** Validates the methods of a {@code @Shared} interface. */
public final class SharedValidator {
  private final CrossingTypeChecker checker;
  private final MethodChecks checks;
  private final ExceptionValidator exceptions;
  private final Types types;
  private final TypeMirror exceptionType;

  /** Creates a validator using the compiler's utilities. */
  public SharedValidator(ProcessingEnvironment env) {
    this.checker = new CrossingTypeChecker(env);
    this.checks = new MethodChecks(checker);
    this.exceptions = new ExceptionValidator(env.getElementUtils());
    this.types = env.getTypeUtils();
    this.exceptionType = env.getElementUtils().getTypeElement("java.lang.Exception").asType();
  }

  /** Validates every remote method of {@code model}. */
  public ValidationReport validate(InterfaceModel model) {
    ValidationReport report = new ValidationReport();
    for (MethodModel method : model.methods()) {
      if (!checks.checkNotGeneric(model, method, report)) {
        continue;
      }
      checks.checkName(model, method, report);
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
            new Diagnostic(
                javax.tools.Diagnostic.Kind.ERROR,
                MethodChecks.target(model, method, method.element()),
                Message.EXCEPTION_TYPE_VARIABLE.format(MethodChecks.describe(model, method), exception),
                exception));
        continue;
      }
      if (!types.isSubtype(exception, exceptionType)) {
        report.add(
            new Diagnostic(
                javax.tools.Diagnostic.Kind.ERROR,
                MethodChecks.target(model, method, method.element()),
                Message.NOT_EXCEPTION.format(MethodChecks.describe(model, method), exception),
                exception));
        continue;
      }
      Problem problem = checker.checkException((DeclaredType) exception, t -> {});
      String message =
          problem != null
              ? problem.format(MethodChecks.describe(model, method))
              : exceptions.check(
                  model, model.exception(exception), MethodChecks.describe(model, method));
      if (message == null) {
        for (TypeMirror cause : causes(model, model.exception(exception))) {
          Problem causeProblem = checker.checkException((DeclaredType) cause, t -> {});
          if (causeProblem != null) {
            message = causeProblem.format(MethodChecks.describe(model, method));
            break;
          }
        }
      }
      if (message != null) {
        report.add(
            new Diagnostic(
                javax.tools.Diagnostic.Kind.ERROR,
                MethodChecks.target(model, method, method.element()),
                message,
                exception));
      }
    }
  }

  /** The typed causes the exception's rebuilding constructor takes, transitively. */
  private static List<TypeMirror> causes(InterfaceModel model, ExceptionModel exception) {
    List<TypeMirror> result = new ArrayList<>();
    for (ExceptionModel e = exception; e != null && e.rebuild() != null; ) {
      TypeMirror cause = e.rebuild().causeType();
      if (cause == null
          || ExceptionReader.isOpenCause(cause)
          || result.stream().anyMatch(c -> c.toString().equals(cause.toString()))) {
        break;
      }
      result.add(cause);
      e = model.exception(cause);
    }
    return result;
  }
}
