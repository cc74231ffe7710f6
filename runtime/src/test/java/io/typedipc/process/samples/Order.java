package io.typedipc.process.samples;

public record Order(int item) {}
