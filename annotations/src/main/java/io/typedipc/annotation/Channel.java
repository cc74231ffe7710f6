package io.typedipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods are one-way, typed messages between processes, with queue
 * semantics: a producer's call enqueues a message and returns, and a consumer receives it as a
 * call on its own implementation of the interface.
 *
 * <p>Every method of a {@code @Channel} interface must return {@code void} and must not declare
 * checked exceptions: nothing travels back to the producer. The processor rejects anything else
 * at compile time, on the offending method. Parameters follow the same rules as {@link Shared}
 * methods (they must be able to cross a process boundary by value).
 *
 * <p>An interface cannot be both {@code @Shared} and {@code @Channel}.
 *
 * <p>The annotation has {@link RetentionPolicy#CLASS CLASS} retention.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Channel {}
