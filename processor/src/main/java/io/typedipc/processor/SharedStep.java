package io.typedipc.processor;

import io.typedipc.processor.model.ErrorTypes;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.InterfaceReader;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.validate.SharedValidator;
import io.typedipc.processor.validate.TypeValidator;
import io.typedipc.processor.validate.ValidationReport;
import io.typedipc.processor.write.ServiceFileWriter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Shared}: validate the type, read it, validate its methods, then generate (see {@link
 * Generator}).
 */
final class SharedStep extends Step {
  private final ProcessingEnvironment env;
  private final TypeValidator typeValidator = new TypeValidator();
  private final InterfaceReader reader;
  private final SharedValidator validator;
  private final Generator generator;

  SharedStep(ProcessingEnvironment env, ServiceFileWriter services) {
    super(env, TypedIpcAnnotations.SHARED);
    this.env = env;
    this.reader = new InterfaceReader(env);
    this.validator = new SharedValidator(env);
    this.generator = new Generator(env, services);
  }

  @Override
  boolean process(Element element) throws Exception {
    ValidationReport typeReport = typeValidator.validate(element, "Shared");
    typeReport.printTo(env);
    if (!typeReport.isClean()) {
      return true;
    }
    TypeElement type = (TypeElement) element;
    if (ErrorTypes.mentionsErrorType(type, env.getElementUtils())) {
      return false;
    }
    InterfaceModel model = reader.read(type);
    ValidationReport report = validator.validate(model);
    report.printTo(env);
    if (!report.isClean()) {
      return true;
    }
    generator.generate(model);
    return true;
  }
}
