package io.typedipc.processor;

import com.sun.source.util.Trees;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic.Kind;

/**
 * Warns when an interface is compiled together with the {@code module-info.java} of a named module
 * that does not declare its binding as a service: on the module path {@link java.util.ServiceLoader}
 * reads only {@code provides} (the {@code META-INF/services} file is ignored there), so the runtime
 * would not find the binding. A module-info read from a class file (tests compiled into an existing
 * module) is not checked.
 */
final class ModuleProvides {
  static final String SERVICE = "io.typedipc.spi.SharedBinding";

  private ModuleProvides() {}

  static void check(ProcessingEnvironment env, Map<String, Element> bindings) {
    Trees trees = null;
    for (Map.Entry<String, Element> entry : bindings.entrySet()) {
      Element origin = entry.getValue();
      ModuleElement module = env.getElementUtils().getModuleOf(origin);
      if (module == null || module.isUnnamed()) {
        continue;
      }
      if (trees == null) {
        try {
          trees = Trees.instance(env);
        } catch (IllegalArgumentException | LinkageError e) {
          return; // not javac, or javac wrapped by a build tool: where module-info came from is unknown
        }
      }
      if (trees.getPath(module) == null || provides(module, entry.getKey())) {
        continue;
      }
      env.getMessager().printMessage(Kind.WARNING, String.format(
          "module %s does not provide %s's binding, so the typedipc runtime will not find it on the"
              + " module path: add 'provides %s with %s;' to its module-info.java",
          module.getQualifiedName(), ((TypeElement) origin).getQualifiedName(), SERVICE, entry.getKey()),
          origin);
    }
  }

  private static boolean provides(ModuleElement module, String binding) {
    for (ModuleElement.ProvidesDirective p : ElementFilter.providesIn(module.getDirectives())) {
      if (p.getService().getQualifiedName().contentEquals(SERVICE)) {
        for (TypeElement implementation : p.getImplementations()) {
          if (implementation.getQualifiedName().contentEquals(binding)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
