package io.typedipc.channel;

import java.util.ArrayList;
import java.util.List;

/** An {@link Events} handler that records what it receives, as strings. */
public class Recorder implements Events {
  public final List<String> seen = new ArrayList<>();

  @Override
  public void item(int producer, long seq) {
    seen.add(producer + ":" + seq);
  }

  @Override
  public void text(String text) {
    seen.add(text);
  }

  @Override
  public void payload(byte[] data) {
    seen.add("payload " + data.length);
  }

  @Override
  public void unregistered(Shape value) {
    seen.add("unregistered " + value);
  }
}
