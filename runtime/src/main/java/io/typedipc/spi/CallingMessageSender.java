package io.typedipc.spi;

/**
 * {@link MessageSender#of} for a {@link RemoteObject} that is no message sender: collects each
 * message's arguments, boxed, and sends them with {@link RemoteObject#call}. Thread-safe: every
 * message gets its own writer.
 */
final class CallingMessageSender implements MessageSender {
  private final RemoteObject remote;

  CallingMessageSender(RemoteObject remote) {
    this.remote = remote;
  }

  @Override
  public MessageWriter begin(MethodDescriptor message) {
    return new Arguments(message);
  }

  @Override
  public String toString() {
    return remote.toString();
  }

  /** One message's arguments, in order. */
  private final class Arguments implements MessageWriter {
    private final MethodDescriptor method;
    private final Object[] values;
    private int next;

    Arguments(MethodDescriptor method) {
      this.method = method;
      this.values = new Object[method.parameterTypes().size()];
    }

    private void add(Object value) {
      if (next == values.length) {
        throw new IllegalStateException(method + " takes " + values.length + " arguments");
      }
      values[next++] = value;
    }

    @Override
    public void writeInt(int value) {
      add(value);
    }

    @Override
    public void writeLong(long value) {
      add(value);
    }

    @Override
    public void writeDouble(double value) {
      add(value);
    }

    @Override
    public void writeFloat(float value) {
      add(value);
    }

    @Override
    public void writeBoolean(boolean value) {
      add(value);
    }

    @Override
    public void writeByte(byte value) {
      add(value);
    }

    @Override
    public void writeShort(short value) {
      add(value);
    }

    @Override
    public void writeChar(char value) {
      add(value);
    }

    @Override
    public void writeString(String value) {
      add(value);
    }

    @Override
    public void writeObject(Object value, Class<?> declaredType) {
      add(value);
    }

    @Override
    public void send() {
      if (next != values.length) {
        throw new IllegalStateException(method + " takes " + values.length + " arguments, "
            + next + " were written");
      }
      remote.call(method, values);
    }

    @Override
    public void close() {}
  }
}
