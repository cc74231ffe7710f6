package io.typedipc.example;

/**
 * A transfer would overdraw an account. Declared by {@link Ledger#transfer}, so a client catches
 * it as this very type, fields included, although it was thrown in the Manager's JVM.
 */
public final class InsufficientFundsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String account;
  private final long balance;
  private final long requested;

  public InsufficientFundsException(String account, long balance, long requested) {
    this.account = account;
    this.balance = balance;
    this.requested = requested;
  }

  /** The account that would have been overdrawn. */
  public String account() {
    return account;
  }

  /** Its balance when the transfer was refused, in cents. */
  public long balance() {
    return balance;
  }

  /** The amount asked for, in cents. */
  public long requested() {
    return requested;
  }

  /** Computed from the fields, so the message is the same on both sides of the wire. */
  @Override
  public String getMessage() {
    return account + " has " + Money.format(balance) + ", cannot send " + Money.format(requested);
  }
}
