package io.typedipc.processor;

import com.google.auto.service.AutoService;
import io.typedipc.processor.model.TypedIpcAnnotations;
import io.typedipc.processor.write.ServiceFileWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The typedipc annotation processor: validates {@code @Shared} and {@code @Channel} interfaces and
 * generates, for each {@code @Shared Foo}, {@code Foo_Proxy}, {@code Foo_Dispatcher} and {@code
 * Foo_Binding} (and {@code Foo_Exceptions} if its methods declare checked exceptions), plus the
 * {@code META-INF/services} entry listing every binding.
 *
 * <p>It never throws: an unexpected failure is reported as an error on the element being
 * processed.
 */
@AutoService(Processor.class)
public final class TypedIpcProcessor extends AbstractProcessor {
  private ServiceFileWriter services;
  private SharedStep sharedStep;
  private ChannelStep channelStep;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    services = new ServiceFileWriter();
    sharedStep = new SharedStep(env, services);
    channelStep = new ChannelStep(env, services);
  }

  /**
   * The typedipc annotations, both of {@code CLASS} retention, as Gradle requires of an
   * aggregating processor (see {@code META-INF/gradle/incremental.annotation.processors}). The
   * {@code @Generated} on the generated classes ({@code SOURCE} retention) is claimed by {@link
   * GeneratedMarkerProcessor} instead: claimed here, Gradle would recompile everything each time.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(TypedIpcAnnotations.SHARED, TypedIpcAnnotations.CHANNEL);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (round.processingOver()) {
        services.write(processingEnv.getFiler());
        ModuleProvides.check(processingEnv, services.generated());
      } else {
        sharedStep.process(round);
        channelStep.process(round);
      }
    } catch (Exception | LinkageError | AssertionError e) {
      Failures.report(processingEnv, null, e);
    }
    // Claimed: they are typedipc's own annotations, and javac's -Xlint:processing warns about
    // annotations that no processor claims.
    return true;
  }
}
