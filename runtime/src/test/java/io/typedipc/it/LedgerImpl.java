package io.typedipc.it;

import java.io.FileNotFoundException;
import java.util.List;

/** Throws what {@link Ledger} describes. */
public class LedgerImpl implements Ledger {
  @Override
  public void spend(long amount) throws OverLimitException {
    throw new OverLimitException("cannot spend " + amount + ": over the limit", 100);
  }

  @Override
  public void runBatch(boolean declaredCause) throws BatchFailedException {
    Exception cause =
        declaredCause
            ? new OverLimitException("item 3 over the limit", 7)
            : new IllegalStateException("disk full");
    BatchFailedException e = new BatchFailedException("batch failed", cause, 2);
    e.addSuppressed(new QuotaException("carol", 3));
    e.addSuppressed(new IllegalArgumentException("item 5 malformed"));
    throw e;
  }

  @Override
  public void use(String user) throws QuotaException {
    throw new QuotaException(user, 10);
  }

  @Override
  public void useFancy(String user) throws QuotaException {
    throw new FancyQuotaException(user, 10);
  }

  @Override
  public void store(String key) throws StorageException {
    throw new StorageException("cannot store " + key, new FileNotFoundException("/data/" + key));
  }

  @Override
  public void tag(List<String> tags) throws TaggedException {
    TaggedException e = new TaggedException("tagged");
    e.setTags(tags);
    throw e;
  }

  @Override
  public void cyclic() throws BatchFailedException {
    OverLimitException inner = new OverLimitException("inner", 1);
    BatchFailedException outer = new BatchFailedException("outer", inner, 1);
    inner.initCause(outer);
    throw outer;
  }
}
