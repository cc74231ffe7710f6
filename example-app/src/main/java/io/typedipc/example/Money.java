package io.typedipc.example;

import java.util.Locale;

/** Formats amounts in cents for the examples' output. */
final class Money {
  private Money() {}

  /** {@code 123456} → {@code "$1,234.56"}. */
  static String format(long cents) {
    String sign = cents < 0 ? "-" : "";
    long abs = Math.abs(cents);
    return String.format(Locale.ROOT, "%s$%,d.%02d", sign, abs / 100, abs % 100);
  }
}
