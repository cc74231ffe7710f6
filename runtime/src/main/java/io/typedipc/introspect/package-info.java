/**
 * What a running Manager shows of itself: its objects, connections, parked calls and per-method
 * call statistics ({@link io.typedipc.introspect.ManagerView}), and its JMX interface ({@link
 * io.typedipc.introspect.ManagerMXBean}).
 */
package io.typedipc.introspect;
