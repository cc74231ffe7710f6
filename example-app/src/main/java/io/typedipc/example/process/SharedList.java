package io.typedipc.example.process;

import io.typedipc.annotation.Shared;
import java.util.List;

/** Python's {@code Manager().list()}, reduced to what the seed uses. */
@Shared
public interface SharedList {
  /** Python: {@code lt.append(value)}. */
  void append(long value);

  /** A copy of the list. */
  List<Long> snapshot();
}
