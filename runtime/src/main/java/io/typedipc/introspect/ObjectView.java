package io.typedipc.introspect;

import java.util.List;

/**
 * One object a Manager hosts.
 *
 * @param name the name clients look it up by ({@code typedipc.obj.N} for an object a call
 *     returned)
 * @param kind {@code "shared"} (shared by the Manager's builder), {@code "builtin"} (a map, lock,
 *     queue, …), {@code "channel"}, {@code "returned"} (hosted because a call returned it) or
 *     {@code "system"} (the Manager's own control and introspection objects)
 * @param type the interface's binary name; for a channel, its message interface; for a lock,
 *     semaphore, event, barrier or queue, its public interface ({@code
 *     io.typedipc.builtin.SharedLock}, …; {@code SharedRLock} for a condition made with its own
 *     lock)
 * @param dispatch {@code "SERIAL"} (one call at a time) or {@code "CONCURRENT"}
 * @param queuedCalls calls waiting for the object's turn now
 * @param methods every method of its interface that runs in the Manager (not its default methods,
 *     which run in the caller), with its calls so far; none if the Manager keeps no call statistics
 *     ({@code -Dtypedipc.callStatistics=false}). A lock, semaphore, event, barrier or queue lists
 *     the methods of the internal interface its calls travel as ({@code acquire(long,long,long)},
 *     …), not those of its public interface
 */
public record ObjectView(
    String name, String kind, String type, String dispatch, int queuedCalls, List<MethodView> methods) {

  /** Calls to all of its methods so far; 0 if the Manager keeps no call statistics. */
  public long calls() {
    return methods.stream().mapToLong(MethodView::calls).sum();
  }

  /** Failed calls to all of its methods so far; 0 if the Manager keeps no call statistics. */
  public long errors() {
    return methods.stream().mapToLong(MethodView::errors).sum();
  }
}
