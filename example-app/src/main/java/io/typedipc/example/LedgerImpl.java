package io.typedipc.example;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An ordinary, non-thread-safe implementation: the Manager runs one call at a time on it, so the
 * check-then-act in {@link #transfer} is safe without any lock.
 */
public final class LedgerImpl implements Ledger {
  private final Map<String, Long> balances = new TreeMap<>();
  private final List<Transfer> history = new ArrayList<>();

  @Override
  public void deposit(String account, long cents) {
    if (cents <= 0) {
      throw new IllegalArgumentException("deposit must be positive, not " + cents);
    }
    balances.merge(account, cents, Long::sum);
  }

  @Override
  public void transfer(String from, String to, long cents) throws InsufficientFundsException {
    if (cents <= 0) {
      throw new IllegalArgumentException("transfer must be positive, not " + cents);
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("cannot transfer from " + from + " to itself");
    }
    long available = balance(from);
    if (available < cents) {
      throw new InsufficientFundsException(from, available, cents);
    }
    balances.put(from, available - cents);
    balances.merge(to, cents, Long::sum);
    history.add(new Transfer(history.size() + 1, from, to, cents, Instant.now()));
  }

  @Override
  public long balance(String account) {
    return balances.getOrDefault(account, 0L);
  }

  @Override
  public Map<String, Long> balances() {
    return new TreeMap<>(balances);
  }

  @Override
  public List<Transfer> history(int last) {
    int from = Math.max(0, history.size() - Math.max(0, last));
    return new ArrayList<>(history.subList(from, history.size()));
  }

  @Override
  public CompletableFuture<Long> totalAsync() {
    return CompletableFuture.completedFuture(balances.values().stream().mapToLong(Long::longValue).sum());
  }
}
