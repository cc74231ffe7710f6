package io.typedipc.process.samples;

import io.typedipc.annotation.Shared;

/** The README's Counter, as docs/processes.md uses it. */
@Shared
public interface Counter {
  int increment();
  int get();
}
