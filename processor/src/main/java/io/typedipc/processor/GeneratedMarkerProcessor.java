package io.typedipc.processor;

import com.google.auto.service.AutoService;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Claims the {@code @Generated} marker that {@link TypedIpcProcessor} puts on the classes it
 * generates (as the processor did itself before; any class's marker, which no processor acts
 * on), and does nothing else: javac's {@code -Xlint:processing} warns about annotations
 * that no processor claims, so claiming it keeps builds that use {@code -Xlint:all -Werror}
 * clean.
 *
 * <p>A processor of its own because {@code @Generated} has {@code SOURCE} retention: Gradle
 * recompiles everything when an <em>aggregating</em> processor (as {@link TypedIpcProcessor} is:
 * one services file lists every binding) is handed a {@code SOURCE}-retention annotation, while
 * this one, generating nothing, is <em>isolating</em>.
 */
@AutoService(Processor.class)
public final class GeneratedMarkerProcessor extends AbstractProcessor {
  static final String GENERATED = "javax.annotation.processing.Generated";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(GENERATED);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return true;
  }
}
