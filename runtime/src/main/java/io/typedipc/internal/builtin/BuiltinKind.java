package io.typedipc.internal.builtin;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one description of a kind of built-in shared object, read by everything that deals with the
 * kind: the Manager creates it by name ({@link ManagerControl#create}, {@code Manager.Builder}),
 * {@code ManagerClient} and {@code ChildContext} open it, and both sides turn it into a reference
 * when it travels inside a value ({@link #openFacade}). A new container kind is its {@code @Shared}
 * public interface (in {@code io.typedipc.builtin}), its server implementation and one of these in
 * {@link BuiltinKinds}; a kind whose calls park (a queue, a synchronizer) adds the wire interface
 * its implementation is hosted as and the facade that speaks it ({@link BuiltinFacade}).
 *
 * @param kind the name clients ask for, e.g. {@code "lock"}
 * @param publicType the interface users hold: a {@code @Shared} container interface, or the
 *     public interface a facade implements (e.g. {@code SharedQueue})
 * @param wireType the {@code @Shared} interface the object is hosted and looked up by; the same as
 *     {@code publicType} for containers
 * @param factory makes the server-side object from the creation parameters; throws {@link
 *     IllegalArgumentException} for bad ones
 * @param facade makes the client-side object users hold from the wire proxies, or {@code null} when
 *     the generated proxy of {@code wireType} is that object (the containers)
 * @param conditions whether the kind is a lock whose handles may name one of its conditions
 */
public record BuiltinKind(String kind, Class<?> publicType, Class<?> wireType, Function<List<Long>, Object> factory,
    FacadeFactory facade, boolean conditions) {

  /** Makes a facade: the users' object for a built-in reached through wire proxies. */
  @FunctionalInterface
  public interface FacadeFactory {
    /**
     * @param kind the kind (the facade keeps it, to travel as a reference of its kind)
     * @param name the name the object is hosted under
     * @param wire a proxy of {@code kind.wireType()} with the caller's call timeout
     * @param patient a proxy of the same object without a call deadline, for calls that park
     * @param detail a queue's element class ({@code null}: any), the condition a lock handle
     *     stands for ({@code null}: the lock itself, {@code ""}: its default condition), or a
     *     barrier's action ({@code null}: none); never sent anywhere but a condition's name
     */
    BuiltinFacade<?> open(BuiltinKind kind, String name, Object wire, Object patient, Object detail);
  }

  /** Checks that no component but {@code facade} is null. */
  public BuiltinKind {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(publicType, "publicType");
    Objects.requireNonNull(wireType, "wireType");
    Objects.requireNonNull(factory, "factory");
  }

  /** Whether users hold a facade rather than the wire interface's generated proxy. */
  public boolean hasFacade() {
    return facade != null;
  }

  /**
   * The users' object for the hosted object {@code name}, from proxies of {@link #wireType()}.
   *
   * @param detail see {@link FacadeFactory#open}
   * @throws IllegalStateException for a container kind, whose proxy is the users' object
   */
  public Object openFacade(String name, Object wire, Object patient, Object detail) {
    if (facade == null) {
      throw new IllegalStateException("a " + kind + " has no facade: its proxy is what users hold");
    }
    return facade.open(this, name, wire, patient, detail);
  }

  /**
   * The public type users hold for an object created as this kind: {@link #publicType()}, except
   * for a lock created for its default condition, which users hold as a {@code SharedCondition}.
   */
  public Class<?> heldType() {
    return kind.equals("condition") ? io.typedipc.builtin.SharedCondition.class : publicType;
  }

  /** {@link #heldType()} by its simple name, with its article, for messages: "a SharedCondition". */
  public String heldAs() {
    return "a " + heldType().getSimpleName();
  }

  /** The type users get for a handle of this kind with {@code condition} (see {@link FacadeFactory#open}). */
  public Class<?> handleType(String condition) {
    return conditions && condition != null ? io.typedipc.builtin.SharedCondition.class : publicType;
  }
}
