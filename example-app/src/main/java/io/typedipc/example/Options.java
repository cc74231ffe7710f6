package io.typedipc.example;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line options for the examples. Arguments are also split at
 * whitespace, so {@code -Ddemo.args="--clients 4 --increments 10000"} arriving from Maven as one
 * argument works too. Public for the examples in subpackages.
 */
public final class Options {
  private final Map<String, String> values = new HashMap<>();

  private Options() {}

  /**
   * Parses {@code args}, accepting only the given option names (without the leading dashes).
   *
   * @throws IllegalArgumentException on an unknown option or a missing value
   */
  public static Options parse(String[] args, Set<String> known) {
    String[] words = Arrays.stream(args)
        .flatMap(arg -> Arrays.stream(arg.strip().split("\\s+")))
        .filter(word -> !word.isEmpty())
        .toArray(String[]::new);
    Options options = new Options();
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      String name = word.startsWith("--") ? word.substring(2) : null;
      if (name == null || !known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option " + word + "; options: --" + String.join(", --", known.stream().sorted().toList()));
      }
      if (i + 1 == words.length) {
        throw new IllegalArgumentException("missing value after " + word);
      }
      options.values.put(name, words[++i]);
    }
    return options;
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** A required option. */
  public String string(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  /** A TCP port, 0 allowed (0 lets a server pick a free one). */
  public int port(String name, int fallback) {
    int port = values.containsKey(name) ? number(name, values.get(name)) : fallback;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--" + name + " must be a port in 0..65535, not " + port);
    }
    return port;
  }

  public int positiveInt(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    int n = number(name, value);
    if (n <= 0) {
      throw new IllegalArgumentException("--" + name + " must be positive, not " + n);
    }
    return n;
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " takes a number, not " + value);
    }
  }
}
