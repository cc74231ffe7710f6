package io.typedipc.internal.builtin;

import io.typedipc.Dispatch;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A kind of built-in shared object that a client can have the Manager create by name (see {@link
 * ManagerControl#create}).
 *
 * @param kind the name clients ask for, e.g. {@code "lock"}
 * @param type the {@code @Shared} interface the object is hosted and looked up by
 * @param factory makes the server-side object from the creation parameters; throws {@link
 *     IllegalArgumentException} for bad ones
 * @param dispatch how the object's calls run
 */
public record BuiltinKind(String kind, Class<?> type, Function<List<Long>, Object> factory, Dispatch dispatch) {

  /** Checks that no component is null. */
  public BuiltinKind {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(dispatch, "dispatch");
  }
}
