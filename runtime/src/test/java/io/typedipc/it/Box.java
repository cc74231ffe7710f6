package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.List;

/** A generic shared interface: the values of T are checked at run time against registered classes. */
@Shared
public interface Box<T> {
  void put(T value);

  T last();

  List<T> all();
}
