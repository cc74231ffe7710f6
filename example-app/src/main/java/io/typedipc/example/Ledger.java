package io.typedipc.example;

import io.typedipc.annotation.Shared;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A small bank: accounts with balances in cents, and the history of transfers between them.
 *
 * <p>Where the Python seeds share a {@code manager.dict()} and every process edits it item by
 * item, a typed interface lets each operation be one call that runs alone on the Manager: a
 * {@link #transfer} checks the balance, debits and credits without any client-side lock, so money
 * is never created or lost however many JVMs transfer at once.
 */
@Shared
public interface Ledger {
  /** Adds money to an account, opening it if needed. */
  void deposit(String account, long cents);

  /**
   * Moves money between two accounts, all or nothing.
   *
   * @throws InsufficientFundsException if {@code from} holds less than {@code cents}; nothing moves
   * @throws IllegalArgumentException (arriving as {@link io.typedipc.RemoteException}) if the
   *     amount is not positive or both accounts are the same
   */
  void transfer(String from, String to, long cents) throws InsufficientFundsException;

  /** The balance of an account; 0 if it was never opened. */
  long balance(String account);

  /** A copy of every balance, by account name. */
  Map<String, Long> balances();

  /** The last {@code last} transfers, oldest first. */
  List<Transfer> history(int last);

  /**
   * The sum of all balances. Asynchronous: the call returns at once, and many can be in flight on
   * one connection while the caller goes on.
   */
  CompletableFuture<Long> totalAsync();
}
