package io.typedipc.example.pipe;

import java.util.List;
import java.util.Map;

/** A {@link Talk} handler that prints each message with a label and remembers the last. */
public class Printer implements Talk {
  private final String label;
  /** The last message received, as printed. */
  public String last;

  public Printer(String label) {
    this.label = label;
  }

  @Override
  public void list(List<String> values) {
    print(String.valueOf(values));
  }

  @Override
  public void text(String text) {
    print(text);
  }

  @Override
  public void dict(Map<String, String> entries) {
    print(String.valueOf(entries));
  }

  private void print(String message) {
    last = message;
    System.out.println(label + message);
  }
}
