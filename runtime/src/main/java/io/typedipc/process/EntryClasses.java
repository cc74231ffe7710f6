package io.typedipc.process;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Checks and instantiates the user classes a child JVM runs (entries, initializers, workers). */
final class EntryClasses {
  private EntryClasses() {}

  /**
   * Checks that {@code type} can be created with {@code new Type()} in another JVM.
   *
   * @param role what the class is for, for the message ("a ProcessEntry")
   * @throws IllegalArgumentException saying what is wrong and how to fix it
   */
  static void checkInstantiable(Class<?> type, String role) {
    String name = type.getName();
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(name + " is abstract; " + role + " must be a concrete class");
    }
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic() || type.isHidden()) {
      throw new IllegalArgumentException(name + " is an anonymous, local or lambda class; " + role
          + " must be a top-level or static nested class, created by name in another JVM");
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(name + " is an inner class; make it static: " + role
          + " is created with its no-arg constructor in another JVM");
    }
    try {
      type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(name + " has no no-arg constructor; " + role
          + " is created with it in another JVM: add public " + type.getSimpleName() + "() {}");
    }
  }

  /** The {@code public static void main(String[])} of {@code type}, or null. */
  static Method mainMethod(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      int m = main.getModifiers();
      return Modifier.isStatic(m) && Modifier.isPublic(m) && main.getReturnType() == void.class ? main : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** {@code new type()}, whatever the constructor's visibility; its exception is rethrown. */
  static <T> T instantiate(Class<T> type) throws Exception {
    Constructor<T> c = type.getDeclaredConstructor();
    c.setAccessible(true);
    try {
      return c.newInstance();
    } catch (InvocationTargetException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Loads a class by name with the system class loader, for the child JVM. */
  static Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name, true, ClassLoader.getSystemClassLoader());
  }

  static Exception rethrow(Throwable t) {
    if (t instanceof Error error) {
      throw error;
    }
    return (Exception) t;
  }
}
