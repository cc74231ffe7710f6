package io.typedipc.internal.serial;

import java.util.Objects;

/**
 * How one side of a connection writes shared objects as <em>references</em> and reads references
 * back, so that a shared object returned by (or passed to) a remote method stays shared instead of
 * being copied: on the Manager a reference resolves to the real object, on a client to a proxy.
 *
 * <p>On the wire a reference is a value of its own fixed class id ({@link ClassIds#REFERENCE_ID})
 * followed by the object's name in the Manager and its {@code @Shared} interface's binary name —
 * for a built-in queue or synchronizer, the wire interface of its kind, followed by {@code '|'} and
 * a detail when the reference has one (the condition of a lock it stands for).
 * It can appear wherever a class tag can: as a result or argument whose declared type is a
 * {@code @Shared} interface, or nested in a collection, map, array, record or field.
 */
public interface SharedReferences {

  /**
   * Whether values of {@code type} are written as references. Decided once per class: the
   * answer must not change.
   */
  boolean isReference(Class<?> type);

  /**
   * The reference to write for {@code value}, an instance of a class for which {@link
   * #isReference} is true.
   *
   * @throws io.typedipc.SerializationException if this value cannot be sent as a reference, with
   *     a message that says why
   */
  Reference toReference(Object value);

  /**
   * The object a reference read from the wire stands for.
   *
   * @throws io.typedipc.ProtocolException if there is none
   * @throws UnresolvableReferenceException if this process cannot represent it (no binding for
   *     its interface); the rest of the frame is intact
   */
  Object resolve(String name, String interfaceName, String detail);

  /**
   * A shared object as it travels.
   *
   * @param name the name the Manager hosts it under
   * @param interfaceName the binary name of the {@code @Shared} interface it is hosted as
   * @param detail what else the reference names, or {@code null}: the condition of a built-in lock
   */
  record Reference(String name, String interfaceName, String detail) {
    public Reference {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(interfaceName, "interfaceName");
      if (interfaceName.indexOf(DETAIL) >= 0) {
        throw new IllegalArgumentException("not an interface name: " + interfaceName);
      }
    }

    /** A reference without a detail. */
    public Reference(String name, String interfaceName) {
      this(name, interfaceName, null);
    }
  }

  /** What separates a reference's interface name from its detail on the wire. */
  char DETAIL = '|';
}
