package io.typedipc.processor;

import com.palantir.javapoet.JavaFile;
import io.typedipc.processor.model.InterfaceModel;
import io.typedipc.processor.validate.WireTypes;
import io.typedipc.processor.write.BindingWriter;
import io.typedipc.processor.write.DispatcherWriter;
import io.typedipc.processor.write.ExceptionsWriter;
import io.typedipc.processor.write.Names;
import io.typedipc.processor.write.ProxyWriter;
import io.typedipc.processor.write.ServiceFileWriter;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.validate.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.Diagnostic.Kind;

/**
 * Writes the generated classes of one validated interface — proxy, dispatcher, binding, and the
 * codecs of its declared exceptions if it has any — and
 * records the binding for the service file. The same three serve {@code @Shared} objects (proxy in
 * the client, dispatcher in the Manager) and {@code @Channel}s (proxy in the producer, dispatcher in
 * the consumer).
 */
final class Generator {
  private final ProcessingEnvironment env;
  private final ServiceFileWriter services;
  private final WireTypes wireTypes;
  private final ProxyWriter proxyWriter;
  private final DispatcherWriter dispatcherWriter;
  private final BindingWriter bindingWriter;
  private final ExceptionsWriter exceptionsWriter;

  Generator(ProcessingEnvironment env, ServiceFileWriter services) {
    this.env = env;
    this.services = services;
    this.wireTypes = new WireTypes(env);
    this.proxyWriter = new ProxyWriter(env);
    this.dispatcherWriter = new DispatcherWriter(env);
    this.bindingWriter = new BindingWriter(env);
    this.exceptionsWriter = new ExceptionsWriter(env);
  }

  void generate(InterfaceModel model) throws IOException {
    Names names = Names.of(model, env.getTypeUtils());
    List<JavaFile> files = new ArrayList<>();
    files.add(proxyWriter.write(model, names));
    files.add(dispatcherWriter.write(model, names));
    files.add(bindingWriter.write(model, names, wireTypes.collect(model)));
    if (!model.exceptions().isEmpty()) {
      files.add(exceptionsWriter.write(model, names));
    }
    for (JavaFile file : files) {
      try {
        file.writeTo(env.getFiler());
      } catch (FilerException e) {
        // the name is taken in this compilation: by a type of the user's, or by a class generated
        // for another interface whose flat name is the same
        env.getMessager()
            .printMessage(
                Kind.ERROR,
                Message.GENERATED_NAME_TAKEN.format(
                    TypedIpcAnnotations.simpleNameOn(model.element()),
                    model.element().getQualifiedName(),
                    file.packageName().isEmpty()
                        ? file.typeSpec().name()
                        : file.packageName() + "." + file.typeSpec().name()),
                model.element());
        return;
      }
    }
    services.add(Names.binaryName(names.binding()), model.element());
  }
}
