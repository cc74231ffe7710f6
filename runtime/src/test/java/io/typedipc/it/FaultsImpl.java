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
}
