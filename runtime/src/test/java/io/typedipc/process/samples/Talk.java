package io.typedipc.process.samples;

import io.typedipc.annotation.Channel;
import java.util.List;

@Channel
public interface Talk {
  void list(List<String> items);
}
