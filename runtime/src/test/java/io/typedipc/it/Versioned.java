package io.typedipc.it;

import io.typedipc.annotation.Shared;

/** Version 1 of an interface; {@link VersionMismatchTest} compiles a version 2 for the Manager. */
@Shared
public interface Versioned {
  int value();
}
