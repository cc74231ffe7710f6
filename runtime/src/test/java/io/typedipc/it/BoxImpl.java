package io.typedipc.it;

import java.util.ArrayList;
import java.util.List;

public class BoxImpl<T> implements Box<T> {
  private final List<T> values = new ArrayList<>();

  @Override
  public void put(T value) {
    values.add(value);
  }

  @Override
  public T last() {
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public List<T> all() {
    return values;
  }
}
