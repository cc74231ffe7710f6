package io.typedipc.fuzz;

import io.typedipc.ProtocolException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.serial.SharedReferences;
import io.typedipc.it.Money;
import io.typedipc.it.TestService;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the fuzz targets share: the Manager's serialization (every binding on the test class path,
 * as {@code Manager.builder()} builds it), the methods whose arguments travel, and the checks that
 * turn a misbehaving decoder into a finding.
 */
final class FuzzSupport {
  private FuzzSupport() {}

  /** Value classes the test Manager registers besides the bindings' own wire types. */
  static final List<Class<?>> USER_TYPES = List.of(Money.class);

  /** Every binding visible from the test class path: built-ins and the test interfaces. */
  static final List<SharedBinding> BINDINGS = loadBindings();

  /** Every method of every binding, ordered by interface and signature. */
  static final List<BoundMethod> METHODS = collectMethods();

  /** A method of a binding, and the binding. */
  record BoundMethod(SharedBinding binding, MethodDescriptor descriptor) {}

  private static List<SharedBinding> loadBindings() {
    Bindings all = Bindings.load(List.of(TestService.class));
    List<SharedBinding> list = new ArrayList<>();
    for (InterfaceDescriptor d : all.descriptors()) {
      list.add(all.find(d.type()));
    }
    list.sort(Comparator.comparing(b -> b.descriptor().name()));
    return List.copyOf(list);
  }

  private static List<BoundMethod> collectMethods() {
    List<BoundMethod> methods = new ArrayList<>();
    for (SharedBinding b : BINDINGS) {
      b.descriptor().methods().stream()
          .sorted(Comparator.comparing(MethodDescriptor::signature))
          .forEach(m -> methods.add(new BoundMethod(b, m)));
    }
    return List.copyOf(methods);
  }

  /**
   * The method with wire id {@code id} (the first in {@link #METHODS} order if several interfaces
   * use it), or, for an id no method has, one chosen by the id so that every id picks some method.
   */
  static BoundMethod methodFor(int id) {
    for (BoundMethod m : METHODS) {
      if (m.descriptor().id() == id) {
        return m;
      }
    }
    return METHODS.get(Math.floorMod(id, METHODS.size()));
  }

  /** The descriptors of every binding, for {@link Serialization#create}. */
  static List<InterfaceDescriptor> descriptors() {
    return BINDINGS.stream().map(SharedBinding::descriptor).toList();
  }

  /** The serialization a Manager sharing every binding on the class path would have. */
  static Serialization managerSerialization() {
    Serialization s = Serialization.create(descriptors(), USER_TYPES, Serialization.DEFAULT_MAX_DEPTH);
    s.sharedReferences(new OneObjectReferences());
    return s;
  }

  /**
   * References as a Manager hosting one object reads them: a reference to {@code "service"} (a
   * {@link TestService}) resolves, anything else is a {@link ProtocolException}, as in the real
   * Manager. Nothing is ever written as a reference.
   */
  static final class OneObjectReferences implements SharedReferences {
    private final Object service = target(TestService.class);

    @Override
    public boolean isReference(Class<?> type) {
      return false;
    }

    @Override
    public Reference toReference(Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object resolve(String name, String interfaceName, String detail) {
      if (name.equals("service") && interfaceName.equals(TestService.class.getName())) {
        return service;
      }
      throw new ProtocolException("no shared object '" + name + "' (" + interfaceName + ")");
    }
  }

  // ------------------------------------------------------------------ do-nothing targets

  private static final Map<Class<?>, Object> ZEROS = new HashMap<>();

  static {
    ZEROS.put(boolean.class, false);
    ZEROS.put(byte.class, (byte) 0);
    ZEROS.put(short.class, (short) 0);
    ZEROS.put(char.class, '\0');
    ZEROS.put(int.class, 0);
    ZEROS.put(long.class, 0L);
    ZEROS.put(float.class, 0f);
    ZEROS.put(double.class, 0d);
  }

  /**
   * An implementation of {@code type} whose methods do nothing and return zero, {@code null} or a
   * completed future: what a generated dispatcher calls when the fuzz targets check that decoded
   * arguments have the types the dispatcher casts them to.
   */
  static Object target(Class<?> type) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "do-nothing " + type.getSimpleName();
            };
          }
          if (method.isDefault()) {
            return null; // never called by a dispatcher
          }
          Class<?> r = method.getReturnType();
          if (r == CompletableFuture.class) {
            return CompletableFuture.completedFuture(null);
          }
          return ZEROS.get(r);
        });
  }

  // ------------------------------------------------------------------ checks

  private static final com.sun.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
              && t.isThreadAllocatedMemorySupported()
          ? t : null;

  /**
   * Bytes allocated so far by the current thread, or -1 where the JVM cannot tell.
   */
  static long allocatedBytes() {
    if (THREADS == null || !THREADS.isThreadAllocatedMemoryEnabled()) {
      return -1;
    }
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * The most a decoder may allocate for an input of {@code length} bytes: a fixed allowance (for
   * exceptions, their messages and Kryo's bookkeeping) plus a generous constant per input byte.
   * A decoder that sizes an allocation from a length it read, rather than from the bytes that
   * arrived, exceeds it by orders of magnitude.
   */
  static long allocationBudget(int length) {
    return (2L << 20) + 1024L * length;
  }

  /**
   * Runs {@code decode} on {@code data} and fails if the current thread allocated more than {@link
   * #allocationBudget} meanwhile, on a second run too (the first decoding of a kind of input may
   * also load and initialize classes).
   *
   * @param decode decodes the input and returns a description of what it decoded
   */
  static void withinAllocationBudget(byte[] data, Function<byte[], String> decode) {
    long before = allocatedBytes();
    String what = decode.apply(data);
    if (before < 0 || allocatedBytes() - before <= allocationBudget(data.length)) {
      return;
    }
    before = allocatedBytes();
    decode.apply(data);
    long used = allocatedBytes() - before;
    if (used > allocationBudget(data.length)) {
      throw new AssertionError("decoding " + what + " allocated " + used + " bytes for a "
          + data.length + "-byte input (budget " + allocationBudget(data.length) + "): an "
          + "allocation sized from a declared length?");
    }
  }

  /**
   * Turns anything a decoder threw other than its documented {@link ProtocolException} into a
   * finding, naming what was decoded.
   */
  static AssertionError unexpected(String what, Throwable t) {
    return new AssertionError(what + " threw " + t + " instead of a ProtocolException", t);
  }
}
