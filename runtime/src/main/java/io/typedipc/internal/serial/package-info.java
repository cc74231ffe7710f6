/**
 * Serialization of typedipc values with Kryo: the allow-list, stable class ids, by-value
 * collections, exceptions and failure descriptions, and the bounds that keep hostile frames from
 * allocating memory or recursing without limit. The entry point is {@link
 * io.typedipc.internal.serial.Serialization}; received frames are read through {@link
 * io.typedipc.internal.serial.FrameInput}.
 *
 * <p>Internal: not part of typedipc's API.
 */
package io.typedipc.internal.serial;
