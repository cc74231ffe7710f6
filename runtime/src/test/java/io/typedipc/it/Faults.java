package io.typedipc.it;

import io.typedipc.annotation.Shared;

/**
 * Declared exceptions of the shapes docs/exceptions.md promises beyond {@link Ledger}'s: fields
 * read through {@code getX}/{@code isX}, a {@code msg} parameter, a visible field set directly,
 * a superclass's fields, a cause set by {@code initCause}, and the choice among constructors.
 */
@Shared
public interface Faults {
  /** Throws {@link FlagException}: its fields are read through {@code getCode()} and {@code isRetryable()}. */
  void flag(String code, boolean retryable) throws FlagException;

  /** Throws {@link CountedException} whose public field no constructor takes. */
  void count(int attempts) throws CountedException;

  /** Throws {@link LevelException}, whose superclass {@link AreaException} holds a field too. */
  void level(String area, int level) throws LevelException;

  /**
   * Throws {@link WrappedException}, whose constructor takes no cause, with a cause set by
   * {@code initCause}: a declared {@link FlagException} if {@code declaredCause}, else an
   * {@code IllegalStateException}.
   */
  void wrapped(boolean declaredCause) throws WrappedException;

  /** Throws {@link ChoiceException}, which has three constructors that could rebuild it. */
  void choose() throws ChoiceException;

  /**
   * Throws {@link WrappedException} whose cause is a {@link RegisteredException}: no interface
   * declares it, both sides {@code register} it, so it is rebuilt by reflection.
   */
  void registeredCause() throws WrappedException;

  /** Completes exceptionally with a declared {@link FlagException} if {@code fail}, else with 1. */
  java.util.concurrent.CompletableFuture<Integer> later(boolean fail) throws FlagException;

  /** Throws {@link DetailedException}: fields of a record, an enum, a map and an array. */
  void detailed() throws DetailedException;

  /** Declares a class and its subclass; throws the subclass if {@code sub}. */
  void either(boolean sub) throws LevelException, AreaException;

  /** Throws a {@link WrappedException} caused by an IllegalStateException caused by an IllegalArgumentException. */
  void describedChain() throws WrappedException;

  /** Throws a {@link WrappedException} whose chain of causes is {@code depth} more of them. */
  void chain(int depth) throws WrappedException;

  /** Fields read through a getter and an is-getter; the message parameter is named {@code msg}. */
  class FlagException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;

    public FlagException(String msg, String code, boolean retryable) {
      super(msg);
      this.code = code;
      this.retryable = retryable;
    }

    public String getCode() {
      return code;
    }

    public boolean isRetryable() {
      return retryable;
    }
  }

  /** A public, non-final field the constructor does not take: set directly in the client. */
  class CountedException extends Exception {
    private static final long serialVersionUID = 1L;

    public int attempts;

    public CountedException(String message) {
      super(message);
    }
  }

  /** A superclass below the JDK with a field of its own. */
  class AreaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String area;

    public AreaException(String message, String area) {
      super(message);
      this.area = area;
    }

    public String area() {
      return area;
    }
  }

  /** Its field and its superclass's travel. */
  class LevelException extends AreaException {
    private static final long serialVersionUID = 1L;

    private final int level;

    public LevelException(String message, String area, int level) {
      super(message, area);
      this.level = level;
    }

    public int level() {
      return level;
    }
  }

  /** No constructor takes a cause. */
  class WrappedException extends Exception {
    private static final long serialVersionUID = 1L;

    public WrappedException(String message) {
      super(message);
    }
  }

  /**
   * Three constructors could rebuild it ({@code b} has a setter): the one taking the most fields
   * wins, and of the two taking both, the one taking the cause. {@link #madeBy()} tells which ran.
   */
  class ChoiceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long a;
    private long b;
    private final transient String madeBy;

    public ChoiceException(String message, long a) {
      super(message);
      this.a = a;
      this.madeBy = "a";
    }

    public ChoiceException(String message, long a, long b) {
      super(message);
      this.a = a;
      this.b = b;
      this.madeBy = "a, b";
    }

    public ChoiceException(String message, Throwable cause, long a, long b) {
      super(message, cause);
      this.a = a;
      this.b = b;
      this.madeBy = "cause, a, b";
    }

    public long a() {
      return a;
    }

    public long getB() {
      return b;
    }

    public void setB(long b) {
      this.b = b;
    }

    public String madeBy() {
      return madeBy;
    }
  }

  /**
   * Declared nowhere, registered by hand on both sides: rebuilt by reflection through its {@code
   * (String)} constructor, its private final field set directly.
   */
  class RegisteredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public RegisteredException(String message) {
      super(message);
      this.code = -1;
    }

    public RegisteredException(String message, int code) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** A record field. */
  record Spot(String where, int line) {}

  /** An enum field. */
  enum Severity { LOW, HIGH }

  /** Fields of value types beyond primitives and strings. */
  class DetailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Spot spot;
    private final Severity severity;
    @SuppressWarnings("serial")
    private final java.util.Map<String, Integer> counts;
    private final byte[] payload;

    public DetailedException(String message, Spot spot, Severity severity, java.util.Map<String, Integer> counts,
        byte[] payload) {
      super(message);
      this.spot = spot;
      this.severity = severity;
      this.counts = counts;
      this.payload = payload;
    }

    public Spot spot() {
      return spot;
    }

    public Severity severity() {
      return severity;
    }

    public java.util.Map<String, Integer> counts() {
      return counts;
    }

    public byte[] payload() {
      return payload;
    }
  }
}
