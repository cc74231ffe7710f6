package io.typedipc.processor;

import io.typedipc.processor.validate.Message;
import java.io.PrintWriter;
import java.io.StringWriter;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** Reports an unexpected failure as an error on the element being processed, never a crash. */
final class Failures {
  private Failures() {}

  static void report(ProcessingEnvironment env, Element element, Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String subject = element == null ? "the round" : element.toString();
    env.getMessager()
        .printMessage(
            Kind.ERROR,
            Message.INTERNAL_ERROR.format(subject, failure) + "\n" + trace,
            element);
  }
}
