package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.io.IOException;
import java.util.List;

/**
 * A shared object whose methods throw every shape of declared exception the processor rebuilds:
 * the cross-JVM tests check that each arrives whole.
 */
@Shared
public interface Ledger {
  /** Throws {@link OverLimitException}: a message plus a field (the commonest Java shape). */
  void spend(long amount) throws OverLimitException;

  /**
   * Throws {@link BatchFailedException} with a cause (one of the declared exceptions if {@code
   * declaredCause}, else an {@code IllegalStateException}) and two suppressed exceptions.
   */
  void runBatch(boolean declaredCause) throws BatchFailedException;

  /** Throws {@link QuotaException}: fields only, the constructor computes the message. */
  void use(String user) throws QuotaException;

  /** Throws a subclass of {@link QuotaException} that no side registers, with its own message. */
  void useFancy(String user) throws QuotaException;

  /** Throws {@link StorageException} whose cause is a {@code FileNotFoundException}. */
  void store(String key) throws StorageException;

  /** Throws {@link TaggedException}, whose tags only a setter restores. */
  void tag(List<String> tags) throws TaggedException;

  /** Throws a {@link BatchFailedException} whose cause's cause is the exception itself. */
  void cyclic() throws BatchFailedException;

  /** Message plus a field. */
  class OverLimitException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public OverLimitException(String message, long limit) {
      super(message);
      this.limit = limit;
    }

    public long limit() {
      return limit;
    }
  }

  /** Message plus cause plus a field; a constructor without the cause too. */
  class BatchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int failed;

    public BatchFailedException(String message, Throwable cause, int failed) {
      super(message, cause);
      this.failed = failed;
    }

    public BatchFailedException(String message, int failed) {
      super(message);
      this.failed = failed;
    }

    public int failed() {
      return failed;
    }
  }

  /** Fields only. */
  class QuotaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String user;
    private final int quota;

    public QuotaException(String user, int quota) {
      super(user + " is over the quota of " + quota);
      this.user = user;
      this.quota = quota;
    }

    public String user() {
      return user;
    }

    public int quota() {
      return quota;
    }
  }

  /** Never registered: travels as a {@link QuotaException}. */
  class FancyQuotaException extends QuotaException {
    private static final long serialVersionUID = 1L;

    public FancyQuotaException(String user, int quota) {
      super(user, quota);
    }

    @Override
    public String getMessage() {
      return "*** " + user() + " ***";
    }
  }

  /** A typed cause. */
  class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /** A field restored by its setter. */
  class TaggedException extends Exception {
    private static final long serialVersionUID = 1L;

    private List<String> tags = List.of();

    public TaggedException(String message) {
      super(message);
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }
  }
}
