package io.typedipc.example.pipe;

import io.typedipc.annotation.Channel;
import java.util.List;
import java.util.Map;

/** What the pipe examples send: Python sends any object; here each kind of message is a method. */
@Channel
public interface Talk {
  /** A list, like Python's {@code conn.send([42, None, 'hello'])}. */
  void list(List<String> values);

  /** A string. */
  void text(String text);

  /** A dict, like {@code {"王阳明": "传习录"}}. */
  void dict(Map<String, String> entries);
}
