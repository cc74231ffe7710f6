package io.typedipc.processor;

import io.typedipc.processor.model.ErrorTypes;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.InterfaceReader;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.validate.ChannelValidator;
import io.typedipc.processor.validate.TypeValidator;
import io.typedipc.processor.validate.ValidationReport;
import io.typedipc.processor.write.ServiceFileWriter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Channel}: validate the type and its methods, then generate (see {@link Generator}): the
 * proxy is the producer's, the dispatcher delivers messages to a consumer's implementation.
 */
final class ChannelStep extends Step {
  private final ProcessingEnvironment env;
  private final TypeValidator typeValidator = new TypeValidator();
  private final InterfaceReader reader;
  private final ChannelValidator validator;
  private final Generator generator;

  ChannelStep(ProcessingEnvironment env, ServiceFileWriter services) {
    super(env, TypedIpcAnnotations.CHANNEL);
    this.env = env;
    this.reader = new InterfaceReader(env);
    this.validator = new ChannelValidator(env);
    this.generator = new Generator(env, services);
  }

  @Override
  boolean process(Element element) throws Exception {
    if (TypedIpcAnnotations.has(element, TypedIpcAnnotations.SHARED)) {
      return true; // the @Shared step reports the conflict
    }
    ValidationReport typeReport = typeValidator.validate(element, "Channel");
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
    if (report.isClean()) {
      generator.generate(model);
    }
    return true;
  }
}
