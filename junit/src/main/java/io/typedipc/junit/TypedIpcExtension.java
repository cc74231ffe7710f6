package io.typedipc.junit;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstances;

/**
 * The JUnit 5 extension behind {@link TypedIpcTest} (which registers it); see there for what it
 * injects and when it closes what. It can also be registered by hand with {@code
 * @ExtendWith(TypedIpcExtension.class)}, with the defaults of {@link TypedIpcTest}.
 *
 * <p>The Manager starts on the first parameter that needs it, in the test's JVM; what it hosts
 * runs there too, so a test can inspect its implementation objects directly. Child JVMs
 * ({@link ChildJvms}) are the way to put clients in other processes.
 */
public final class TypedIpcExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TypedIpcExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Manager.class || type == ManagerClient.class || type == AuthKey.class
        || type == ChildJvms.class || parameter.isAnnotated(SharedProxy.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Parameter p = parameter.getParameter();
    Class<?> type = p.getType();
    if (type == ChildJvms.class) {
      return children(context);
    }
    Session session = session(context);
    if (type == Manager.class) {
      return session.manager;
    }
    if (type == AuthKey.class) {
      return session.key;
    }
    if (type == ManagerClient.class) {
      return session.client();
    }
    SharedProxy proxy = p.getAnnotation(SharedProxy.class);
    if (!type.isInterface()) {
      throw new ParameterResolutionException("@SharedProxy(\"" + proxy.value() + "\") " + p.getName() + ": "
          + type.getName() + " is not an interface; declare the parameter as the object's @Shared interface");
    }
    try {
      return session.client().shared(type, proxy.value());
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("@SharedProxy(\"" + proxy.value() + "\") " + type.getSimpleName()
          + ": " + e.getMessage(), e);
    }
  }

  /** Child JVMs end with each test, whatever the Manager's lifecycle. */
  @Override
  public void afterEach(ExtensionContext context) {
    ChildJvms children = context.getStore(NAMESPACE).remove(ChildJvms.class, ChildJvms.class);
    if (children != null) {
      children.closeAll();
    }
  }

  private static ChildJvms children(ExtensionContext context) {
    ExtensionContext method = context.getTestMethod().isPresent() ? context : null;
    if (method == null) {
      throw new ParameterResolutionException("ChildJvms is a parameter of test, @BeforeEach and @AfterEach methods only");
    }
    return method.getStore(NAMESPACE).getOrComputeIfAbsent(ChildJvms.class, k -> new ChildJvms(), ChildJvms.class);
  }

  private static Session session(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    TypedIpcTest settings = findSettings(testClass);
    TypedIpcTest.Lifecycle lifecycle = settings == null ? TypedIpcTest.Lifecycle.PER_METHOD : settings.lifecycle();
    ExtensionContext owner = context;
    if (lifecycle == TypedIpcTest.Lifecycle.PER_CLASS) {
      while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
        owner = owner.getParent().get();
      }
    } else if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException("with Lifecycle.PER_METHOD a Manager exists in test, @BeforeEach"
          + " and @AfterEach methods only; use @TypedIpcTest(lifecycle = Lifecycle.PER_CLASS) for @BeforeAll");
    }
    boolean jmx = settings != null && settings.jmx();
    // the test instance and, for a @Nested class, those of its enclosing classes
    List<Object> instances = lifecycle == TypedIpcTest.Lifecycle.PER_METHOD
        ? context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of()) : List.of();
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Session.class,
        k -> Session.start(testClass, instances, jmx), Session.class);
  }

  private static TypedIpcTest findSettings(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      TypedIpcTest t = c.getAnnotation(TypedIpcTest.class);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /** One Manager with its key and client; closed with the store that holds it. */
  static final class Session implements ExtensionContext.Store.CloseableResource {
    final AuthKey key;
    final Manager manager;
    private ManagerClient client;

    private Session(AuthKey key, Manager manager) {
      this.key = key;
      this.manager = manager;
    }

    static Session start(Class<?> testClass, List<Object> instances, boolean jmx) {
      AuthKey key = AuthKey.generate();
      Manager.Builder builder = Manager.builder().address(0).authKey(key).jmx(jmx);
      for (Method m : configureMethods(testClass)) {
        Object instance = instances.stream().filter(m.getDeclaringClass()::isInstance).reduce((a, b) -> b).orElse(null);
        if (!Modifier.isStatic(m.getModifiers()) && instance == null) {
          throw new ExtensionConfigurationException("@ConfigureManager " + m.getName()
              + " must be static with Lifecycle.PER_CLASS (one Manager serves every test instance)");
        }
        try {
          m.setAccessible(true);
          m.invoke(Modifier.isStatic(m.getModifiers()) ? null : instance, builder);
        } catch (InvocationTargetException e) {
          throw new ExtensionConfigurationException("@ConfigureManager " + m.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
          throw new ExtensionConfigurationException("cannot call @ConfigureManager " + m.getName() + ": " + e, e);
        }
      }
      return new Session(key, builder.start());
    }

    /**
     * The {@link ConfigureManager} methods that apply to {@code testClass}: those of the classes
     * enclosing a {@code @Nested} class first (outermost first), each class's superclasses before
     * the class.
     */
    private static List<Method> configureMethods(Class<?> testClass) {
      List<Class<?>> hierarchy = new ArrayList<>(); // innermost first, each class before its superclasses
      for (Class<?> enclosing = testClass; enclosing != null; enclosing = enclosing.getEnclosingClass()) {
        for (Class<?> c = enclosing; c != null && c != Object.class; c = c.getSuperclass()) {
          hierarchy.add(c);
        }
      }
      Collections.reverse(hierarchy);
      List<Method> methods = new ArrayList<>();
      for (Class<?> c : hierarchy) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(ConfigureManager.class)) {
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Manager.Builder.class
                || m.getReturnType() != void.class) {
              throw new ExtensionConfigurationException("@ConfigureManager " + c.getSimpleName() + "." + m.getName()
                  + " must be 'void " + m.getName() + "(Manager.Builder builder)'");
            }
            methods.add(m);
          }
        }
      }
      return methods;
    }

    synchronized ManagerClient client() {
      if (client == null) {
        client = ManagerClient.connect("127.0.0.1", manager.port(), key);
      }
      return client;
    }

    @Override
    public void close() {
      try {
        synchronized (this) {
          if (client != null) {
            client.close();
          }
        }
      } finally {
        manager.close();
      }
    }
  }
}
