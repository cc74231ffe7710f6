package io.typedipc.it;

/** A value no @Shared signature mentions: it crosses only if both sides register it. */
public record Money(long cents, String currency) {}
