package io.typedipc.it;

/** Throws what {@link Faults} describes. */
public class FaultsImpl implements Faults {
  @Override
  public void flag(String code, boolean retryable) throws FlagException {
    throw new FlagException(code == null ? null : "flag " + code.length(), code, retryable);
  }

  @Override
  public void count(int attempts) throws CountedException {
    CountedException e = new CountedException("gave up");
    e.attempts = attempts;
    throw e;
  }

  @Override
  public void level(String area, int level) throws LevelException {
    throw new LevelException("too deep", area, level);
  }

  @Override
  public void wrapped(boolean declaredCause) throws WrappedException {
    WrappedException e = new WrappedException("wrapped");
    e.initCause(declaredCause ? new FlagException("inner", "E1", true) : new IllegalStateException("not declared"));
    throw e;
  }

  @Override
  public void choose() throws ChoiceException {
    ChoiceException e = new ChoiceException("chosen", 1);
    e.setB(2);
    throw e;
  }

  @Override
  public void registeredCause() throws WrappedException {
    WrappedException e = new WrappedException("wrapped");
    e.initCause(new RegisteredException("by hand", 7));
    throw e;
  }

  @Override
  public void chain(int depth) throws WrappedException {
    WrappedException top = new WrappedException("level 0");
    Throwable last = top;
    for (int i = 1; i <= depth; i++) {
      WrappedException next = new WrappedException("level " + i);
      last.initCause(next);
      last = next;
    }
    throw top;
  }

  @Override
  public java.util.concurrent.CompletableFuture<Integer> later(boolean fail) throws FlagException {
    return fail
        ? java.util.concurrent.CompletableFuture.failedFuture(new FlagException("async", "A1", false))
        : java.util.concurrent.CompletableFuture.completedFuture(1);
  }

  @Override
  public void detailed() throws DetailedException {
    throw new DetailedException("detailed", new Spot("here", 7), Severity.HIGH,
        new java.util.TreeMap<>(java.util.Map.of("a", 1, "b", 2)), new byte[] {1, 2, 3});
  }

  @Override
  public void either(boolean sub) throws LevelException, AreaException {
    if (sub) {
      throw new LevelException("sub", "east", 2);
    }
    throw new AreaException("base", "west");
  }

  @Override
  public void describedChain() throws WrappedException {
    WrappedException e = new WrappedException("wrapped");
    e.initCause(new IllegalStateException("outer", new IllegalArgumentException("inner")));
    throw e;
  }
}
