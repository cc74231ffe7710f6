package io.typedipc.example.sync;

import io.typedipc.annotation.Shared;

/**
 * The race's shared integer: only {@code get} and {@code set}, so that {@code data += 1} takes two
 * calls — a read and a write — exactly like the Python seed's {@code data+=1} on a global. (Calls
 * to one shared object run one at a time; a single {@code increment()} call could not race. See
 * {@link io.typedipc.example.Counter}.)
 */
@Shared
public interface Balance {
  int get();

  void set(int value);
}
