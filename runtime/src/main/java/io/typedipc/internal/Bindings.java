package io.typedipc.internal;

import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.SharedBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The generated bindings visible to one Manager or client, found with {@link ServiceLoader} from
 * the {@code META-INF/services/io.typedipc.spi.SharedBinding} entries the processor writes.
 */
public final class Bindings {
  private final Map<Class<?>, SharedBinding> byType;
  private final Map<String, SharedBinding> byName = new LinkedHashMap<>();

  private Bindings(Map<Class<?>, SharedBinding> byType) {
    this.byType = byType;
    for (SharedBinding b : byType.values()) {
      byName.put(b.descriptor().name(), b);
    }
  }

  /**
   * Loads every binding visible from the context class loader and from the loaders of {@code
   * types} (the interfaces the caller registered explicitly).
   */
  public static Bindings load(Collection<Class<?>> types) {
    Map<Class<?>, SharedBinding> found = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    loaders.add(context != null ? context : Bindings.class.getClassLoader());
    for (Class<?> type : types) {
      ClassLoader loader = type.getClassLoader();
      if (loader != null && !loaders.contains(loader)) {
        loaders.add(loader);
      }
    }
    for (ClassLoader loader : loaders) {
      for (SharedBinding binding : ServiceLoader.load(SharedBinding.class, loader)) {
        found.putIfAbsent(binding.descriptor().type(), binding);
      }
    }
    return new Bindings(found);
  }

  /**
   * The binding of {@code type}.
   *
   * @throws IllegalArgumentException if there is none, with the likely reasons
   */
  public SharedBinding of(Class<?> type) {
    SharedBinding binding = byType.get(type);
    if (binding == null) {
      String why =
          type.isInterface() && type.isLocalClass()
              ? "it is a local interface, declared inside a method, and javac shows no local class to annotation"
                  + " processors: declare it at the top level of its file or as a member of a class or interface"
          : type.isInterface()
              ? "is it annotated @io.typedipc.annotation.Shared, and did the typedipc-processor run"
                  + " when it was compiled (annotationProcessorPaths in Maven, annotationProcessor"
                  + " in Gradle)?"
              : "it is not an interface; share and look up objects by their @Shared interface.";
      throw new IllegalArgumentException("no typedipc binding for " + type.getName() + ": " + why);
    }
    return binding;
  }

  /** The binding of {@code type}, or {@code null} if it has none. */
  public SharedBinding find(Class<?> type) {
    return byType.get(type);
  }

  /** The binding of the interface with the given binary name, or {@code null} if there is none. */
  public SharedBinding find(String interfaceName) {
    return byName.get(interfaceName);
  }

  /** The descriptors of all bindings, for serializer registration. */
  public List<InterfaceDescriptor> descriptors() {
    List<InterfaceDescriptor> all = new ArrayList<>();
    for (SharedBinding b : byType.values()) {
      all.add(b.descriptor());
    }
    return all;
  }
}
