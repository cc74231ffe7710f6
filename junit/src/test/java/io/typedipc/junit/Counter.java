package io.typedipc.junit;

import io.typedipc.annotation.Shared;

/** The shared object of the extension's tests. */
@Shared
public interface Counter {
  int increment();

  int get();
}
