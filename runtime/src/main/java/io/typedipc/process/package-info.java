/**
 * Child JVMs and pools of worker JVMs — Python's {@code Process}, {@code manager.start()} and
 * {@code Pool}.
 *
 * <ul>
 *   <li>{@link io.typedipc.process.ChildProcess}: start a JVM running a {@link
 *       io.typedipc.process.ProcessEntry} or a {@code main}, handing it shared objects (your
 *       {@code @Shared} proxies and the built-ins: maps, lists, locks, queues, …), channel handles
 *       and pipe ends; the child gets its own from {@link io.typedipc.process.ChildContext}.
 *   <li>{@link io.typedipc.process.ManagerProcess}: a Manager in a JVM of its own, set up by a
 *       {@link io.typedipc.process.ManagerInitializer}.
 *   <li>{@link io.typedipc.process.WorkerPool}: N worker JVMs implementing a {@code @Shared}
 *       interface, with {@code CompletableFuture} results, {@code map} and {@code mapUnordered}.
 * </ul>
 *
 * <p>Auth keys travel to children through their stdin, never their command line. Every child
 * started here exits when its stdin ends, so none outlives its parent, even one killed with
 * SIGKILL.
 */
package io.typedipc.process;
