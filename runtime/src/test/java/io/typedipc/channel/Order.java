package io.typedipc.channel;

/** The README's section 6 message value. */
public record Order(long id, String sku, int qty) {}
