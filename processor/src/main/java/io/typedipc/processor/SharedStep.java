package io.typedipc.processor;

import com.palantir.javapoet.JavaFile;
import io.typedipc.processor.model.ErrorTypes;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.model.InterfaceReader;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.validate.SharedValidator;
import io.typedipc.processor.validate.TypeValidator;
import io.typedipc.processor.validate.ValidationReport;
import io.typedipc.processor.validate.WireTypes;
import io.typedipc.processor.write.BindingWriter;
import io.typedipc.processor.write.DispatcherWriter;
import io.typedipc.processor.write.Names;
import io.typedipc.processor.write.ProxyWriter;
import io.typedipc.processor.write.ServiceFileWriter;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * {@code @Shared}: validate the type, read it, validate its methods, then write the proxy, the
 * dispatcher and the binding, and remember the binding for the service file.
 */
final class SharedStep extends Step {
  private final ProcessingEnvironment env;
  private final ServiceFileWriter services;
  private final TypeValidator typeValidator = new TypeValidator();
  private final InterfaceReader reader;
  private final SharedValidator validator;
  private final WireTypes wireTypes;
  private final ProxyWriter proxyWriter;
  private final DispatcherWriter dispatcherWriter;
  private final BindingWriter bindingWriter;

  SharedStep(ProcessingEnvironment env, ServiceFileWriter services) {
    super(env, TypedIpcAnnotations.SHARED);
    this.env = env;
    this.services = services;
    this.reader = new InterfaceReader(env);
    this.validator = new SharedValidator(env);
    this.wireTypes = new WireTypes(env);
    this.proxyWriter = new ProxyWriter(env);
    this.dispatcherWriter = new DispatcherWriter(env);
    this.bindingWriter = new BindingWriter(env);
  }

  @Override
  boolean process(Element element) throws Exception {
    ValidationReport typeReport = typeValidator.validate(element, "Shared");
    typeReport.printTo(env.getMessager());
    if (!typeReport.isClean()) {
      return true;
    }
    TypeElement type = (TypeElement) element;
    if (ErrorTypes.mentionsErrorType(type, env.getElementUtils())) {
      return false;
    }
    InterfaceModel model = reader.read(type);
    ValidationReport report = validator.validate(model);
    report.printTo(env.getMessager());
    if (!report.isClean()) {
      return true;
    }
    Names names = Names.of(model, env.getTypeUtils());
    for (JavaFile file :
        List.of(
            proxyWriter.write(model, names),
            dispatcherWriter.write(model, names),
            bindingWriter.write(model, names, wireTypes.collect(model)))) {
      file.writeTo(env.getFiler());
    }
    services.add(Names.binaryName(names.binding()), type);
    return true;
  }
}
