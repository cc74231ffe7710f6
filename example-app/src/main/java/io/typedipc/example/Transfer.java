package io.typedipc.example;

import java.time.Instant;

/**
 * One completed transfer, as the {@link Ledger} records it. Records cross the wire by value.
 *
 * @param seq the transfer's sequence number in the ledger, from 1
 * @param from the account debited
 * @param to the account credited
 * @param cents the amount
 * @param at when the ledger booked it
 */
public record Transfer(long seq, String from, String to, long cents, Instant at) {
  @Override
  public String toString() {
    return "#" + seq + " " + from + " -> " + to + " " + Money.format(cents);
  }
}
