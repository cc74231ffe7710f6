package io.typedipc.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Processes the elements carrying one annotation, one at a time, deferring to the next round the
 * interfaces that mention types not generated yet. A failure on one element is reported on it and
 * does not stop the others.
 */
abstract class Step {
  private final ProcessingEnvironment env;
  private final String annotation;
  private final Set<String> deferred = new LinkedHashSet<>();

  Step(ProcessingEnvironment env, String annotation) {
    this.env = env;
    this.annotation = annotation;
  }

  /** Processes this round's elements and those deferred from the last round. */
  final void process(RoundEnvironment round) {
    List<Element> elements = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = env.getElementUtils().getTypeElement(name);
      if (type != null) {
        elements.add(type);
      }
    }
    deferred.clear();
    TypeElement annotationType = env.getElementUtils().getTypeElement(annotation);
    if (annotationType != null) {
      for (Element element : round.getElementsAnnotatedWith(annotationType)) {
        if (!elements.contains(element)) {
          elements.add(element);
        }
      }
    }
    for (Element element : elements) {
      try {
        if (!process(element)) {
          deferred.add(((TypeElement) element).getQualifiedName().toString());
        }
      } catch (Exception | LinkageError | AssertionError e) {
        Failures.report(env, element, e);
      }
    }
  }

  /**
   * Validates and generates for one element.
   *
   * @return {@code false} to try again next round (the element mentions unresolved types)
   */
  abstract boolean process(Element element) throws Exception;
}
