package io.typedipc.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.typedipc.processor.model.InterfaceModel;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * What every generated class has: the {@code @Generated} marker (without a date, so output is
 * reproducible), the interface as originating element, and the file around it.
 */
final class GeneratedFiles {
  static final String PROCESSOR = "io.typedipc.processor.TypedIpcProcessor";
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private final boolean generatedAvailable;
  private final Deprecations deprecations;

  GeneratedFiles(ProcessingEnvironment env) {
    this.generatedAvailable =
        env.getElementUtils().getTypeElement(GENERATED.canonicalName()) != null;
    this.deprecations = new Deprecations(env.getElementUtils());
  }

  /** Whether {@code element} is deprecated: a proxy override of it must say so too. */
  boolean isDeprecated(javax.lang.model.element.Element element) {
    return deprecations.isDeprecated(element);
  }

  /**
   * Adds the marker and the originating element, builds the class and its file. A class that
   * refers to deprecated elements of the user's suppresses the warnings javac would give (the
   * user has already seen them on the interface).
   */
  JavaFile finish(TypeSpec.Builder type, InterfaceModel model, ClassName name) {
    if (deprecations.mentionsDeprecated(model)) {
      type.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "{$S, $S}", "deprecation", "removal")
              .build());
    }
    if (generatedAvailable) {
      type.addAnnotation(
          AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
    }
    type.addOriginatingElement(model.element());
    return JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }
}
