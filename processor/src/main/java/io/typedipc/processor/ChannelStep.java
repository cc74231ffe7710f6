package io.typedipc.processor;

import io.typedipc.processor.model.ErrorTypes;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.InterfaceReader;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.validate.ChannelValidator;
import io.typedipc.processor.validate.TypeValidator;
import io.typedipc.processor.validate.ValidationReport;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Channel}: validate the type and its methods. Nothing is generated yet (messaging comes
 * with a later issue).
 */
final class ChannelStep extends Step {
  private final ProcessingEnvironment env;
  private final TypeValidator typeValidator = new TypeValidator();
  private final InterfaceReader reader;
  private final ChannelValidator validator;

  ChannelStep(ProcessingEnvironment env) {
    super(env, TypedIpcAnnotations.CHANNEL);
    this.env = env;
    this.reader = new InterfaceReader(env);
    this.validator = new ChannelValidator(env);
  }

  @Override
  boolean process(Element element) {
    if (TypedIpcAnnotations.has(element, TypedIpcAnnotations.SHARED)) {
      return true; // the @Shared step reports the conflict
    }
    ValidationReport typeReport = typeValidator.validate(element, "Channel");
    typeReport.printTo(env.getMessager());
    if (!typeReport.isClean()) {
      return true;
    }
    TypeElement type = (TypeElement) element;
    if (ErrorTypes.mentionsErrorType(type, env.getElementUtils())) {
      return false;
    }
    InterfaceModel model = reader.read(type);
    validator.validate(model).printTo(env.getMessager());
    return true;
  }
}
