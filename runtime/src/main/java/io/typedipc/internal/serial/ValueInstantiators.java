package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;

/**
 * How values of classes with a no-arg constructor are made when read: as Kryo makes them, except
 * where Kryo's way cannot work.
 *
 * <p>Kryo first asks ReflectASM for a generated accessor, whose class lives in an unnamed module.
 * For a public constructor of a class in a named module that does not export the class's package
 * (the README's {@code module-info} opens it, to Kryo and typedipc, and exports nothing), the
 * accessor is made, and then every call to it fails with {@code IllegalAccessError}. Such a class is
 * made here through reflection instead, which its package opened to {@code io.typedipc} allows.
 * Where the package is opened to Kryo only, reading such a value fails with a message that says
 * what to add. Every other class goes the way Kryo chooses (ReflectASM refuses non-public
 * constructors, and Kryo then reflects from its own module, which the package is opened to).
 */
final class ValueInstantiators implements InstantiatorStrategy {
  private final DefaultInstantiatorStrategy kryos = new DefaultInstantiatorStrategy();

  @Override
  public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
    Constructor<T> constructor = publicConstructorOutOfReach(type);
    if (constructor == null) {
      return kryos.newInstantiatorOf(type);
    }
    try {
      constructor.setAccessible(true);
    } catch (InaccessibleObjectException e) {
      throw new KryoException("cannot make a " + type.getName() + ": module " + type.getModule().getName()
          + " exports package " + type.getPackageName() + " neither to all modules nor to typedipc; declare"
          + " \"opens " + type.getPackageName() + " to com.esotericsoftware.kryo, io.typedipc;\" in its"
          + " module-info.java", e);
    }
    return () -> {
      try {
        return constructor.newInstance();
      } catch (InvocationTargetException e) {
        throw new KryoException("the no-arg constructor of " + type.getName() + " threw " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new KryoException("cannot make a " + type.getName() + ": " + e, e);
      }
    };
  }

  /**
   * The public no-arg constructor of public {@code type} if ReflectASM's accessor, in an unnamed
   * module, could not call it: the class is in a named module that does not export its package to
   * unnamed modules. Else null (ReflectASM refuses a class that is not public itself).
   */
  private static <T> Constructor<T> publicConstructorOutOfReach(Class<T> type) {
    Module module = type.getModule();
    if (!module.isNamed() || module.isExported(type.getPackageName(), UNNAMED) || !Modifier.isPublic(type.getModifiers())) {
      return null;
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      return Modifier.isPublic(constructor.getModifiers()) ? constructor : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** An unnamed module, to ask whether a package is exported to unnamed modules (ALL-UNNAMED). */
  private static final Module UNNAMED = ValueInstantiators.class.getClassLoader().getUnnamedModule();
}
