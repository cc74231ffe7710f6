package io.typedipc.process.samples;

import io.typedipc.annotation.Shared;

@Shared
public interface Square { int square(int x); }
