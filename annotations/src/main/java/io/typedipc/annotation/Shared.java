package io.typedipc.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose implementation lives in a typedipc {@code Manager} and is called from
 * other JVMs through a generated proxy.
 *
 * <p>The typedipc annotation processor reads the interface at compile time, rejects anything that
 * cannot cross a process boundary (with an error on the offending method or parameter), and
 * generates three classes beside it, named after the interface joined with {@code _}:
 *
 * <ul>
 *   <li>{@code Foo_Proxy}: the client-side implementation that turns each call into a request;
 *   <li>{@code Foo_Dispatcher}: the server-side stub that turns a request into a call on the
 *       real object, with a {@code switch} on the method id (no reflection);
 *   <li>{@code Foo_Binding}: the descriptor (method ids, fingerprint, wire classes), registered
 *       as a {@code java.util.ServiceLoader} service so the runtime finds it.
 * </ul>
 *
 * <p>Semantics: arguments and results travel by value (a copy). A method returning
 * {@code CompletableFuture<T>} is asynchronous: the proxy returns at once and many such calls can
 * be in flight. Declared checked exceptions thrown by the implementation are rethrown to the
 * caller as their own type. Default methods run on the client and call remote methods; static
 * methods are not remote. Calls to one shared object run one at a time, in arrival order.
 *
 * <p>Implementing a method that returns {@code CompletableFuture<T>}: the implementation may
 * complete the future before returning it or at any time later, on any thread, also in a later
 * call to the same object. One-call-at-a-time covers the method bodies: once a body has returned
 * its future, the object takes its next call while the future is pending, and code that
 * completes the future outside a call must guard the object's state itself. An exceptional
 * completion reaches the caller as a thrown exception would; returning {@code null} fails the
 * call.
 *
 * <p>The annotation has {@link RetentionPolicy#CLASS CLASS} retention: it is read by the processor
 * and kept in the class file, but the runtime never needs it reflectively.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Shared {}
