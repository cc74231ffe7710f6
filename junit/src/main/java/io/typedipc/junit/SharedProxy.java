package io.typedipc.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a parameter of a {@code @Shared} interface type in a {@link TypedIpcTest}: the test's
 * client's proxy of the Manager's object of this name ({@code client.shared(type, name)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SharedProxy {
  /** The name the object is shared under. */
  String value();
}
