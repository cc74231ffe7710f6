package io.typedipc.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import io.typedipc.processor.model.InterfaceModel;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.util.Elements;

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
  private final Elements elements;

  GeneratedFiles(ProcessingEnvironment env) {
    this.generatedAvailable =
        env.getElementUtils().getTypeElement(GENERATED.canonicalName()) != null;
    this.deprecations = new Deprecations(env.getElementUtils());
    this.elements = env.getElementUtils();
  }

  /** Whether {@code element} is deprecated: a proxy override of it must say so too. */
  boolean isDeprecated(javax.lang.model.element.Element element) {
    return deprecations.isDeprecated(element);
  }

  /**
   * Adds the marker and the originating element, builds the class and its file. A class that
   * refers to deprecated elements of the user's suppresses the warnings javac would give (the
   * user has already seen them on the interface). A type of the interface's package named like
   * one of {@code java.lang} (an {@code Override}, an {@code Integer}) hides it there, and so does
   * a type variable of the interface: such names are written qualified.
   */
  JavaFile finish(TypeSpec.Builder type, InterfaceModel model, ClassName name) {
    return finish(type, model, name, List.of());
  }

  /**
   * As {@link #finish(TypeSpec.Builder, InterfaceModel, ClassName)}, suppressing also {@code
   * warnings}: those javac gives the generated class for what it repeats of the interface.
   */
  JavaFile finish(
      TypeSpec.Builder type, InterfaceModel model, ClassName name, List<String> warnings) {
    List<String> suppressed = new ArrayList<>();
    if (deprecations.mentionsDeprecated(model)) {
      suppressed.addAll(List.of("deprecation", "removal"));
    }
    suppressed.addAll(warnings);
    if (!suppressed.isEmpty()) {
      type.addAnnotation(suppressWarnings(suppressed));
    }
    if (generatedAvailable) {
      type.addAnnotation(
          AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
    }
    type.alwaysQualify(javaLangClashes(model));
    type.alwaysQualify(typeVariableNames(model));
    type.addOriginatingElement(model.element());
    return JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The simple names of the package's types that are also names of {@code java.lang} types. */
  private String[] javaLangClashes(InterfaceModel model) {
    return elements.getPackageOf(model.element()).getEnclosedElements().stream()
        .map(e -> e.getSimpleName().toString())
        .filter(name -> elements.getTypeElement("java.lang." + name) != null)
        .toArray(String[]::new);
  }

  /**
   * The names of the interface's type variables, which the generated class declares too: inside it
   * they hide any class of the same simple name (a type variable named {@code Generated} hid the
   * marker annotation), so classes of those names are written qualified.
   */
  private static String[] typeVariableNames(InterfaceModel model) {
    return model.element().getTypeParameters().stream()
        .map(p -> p.getSimpleName().toString())
        .toArray(String[]::new);
  }

  /** {@code @SuppressWarnings("w")}, or {@code @SuppressWarnings({"w1", "w2"})} for several. */
  static AnnotationSpec suppressWarnings(List<String> warnings) {
    return AnnotationSpec.builder(SuppressWarnings.class)
        .addMember(
            "value",
            warnings.size() == 1 ? "$L" : "{$L}",
            warnings.stream().map(w -> CodeBlock.of("$S", w)).collect(CodeBlock.joining(", ")))
        .build();
  }
}
