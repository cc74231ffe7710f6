package io.typedipc.pipe;

import io.typedipc.annotation.Channel;
import java.util.List;

/** Messages from the sending end in the pipe tests. */
@Channel
public interface Numbers {
  void number(long n);

  void words(List<String> words);
}
