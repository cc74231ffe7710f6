package io.typedipc.example.process;

import java.util.ArrayList;
import java.util.List;

/** A plain list: the Manager runs the calls to it one at a time. */
public final class SharedListImpl implements SharedList {
  private final List<Long> values = new ArrayList<>();

  @Override
  public void append(long value) {
    values.add(value);
  }

  @Override
  public List<Long> snapshot() {
    return new ArrayList<>(values);
  }
}
