package io.typedipc.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link TypedIpcTest} class that sets up its Manager before it starts: it
 * takes one {@link io.typedipc.Manager.Builder} parameter, returns nothing, and declares shared
 * objects, channels, built-ins, registered classes or limits on it. The address and the auth key
 * are set already. With {@link TypedIpcTest.Lifecycle#PER_CLASS} it must be static. Methods of
 * superclasses run first, and in a {@code @Nested} class those of its enclosing classes before its
 * own (the outermost first).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConfigureManager {}
