package com.example.signals;

import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.MessageSender;
import io.typedipc.spi.MessageWriter;
import io.typedipc.spi.RemoteObject;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Producer-side proxy of {@link Signals}: sends every call as a message.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
final class Signals_Proxy<T> extends AbstractProxy implements Signals<T> {
  private final MessageSender messages;

  Signals_Proxy(RemoteObject remote) {
    super(remote);
    this.messages = MessageSender.of(remote);
  }

  @Override
  public void primitives(int i, long l, double d, float f, boolean z, byte b, short s, char c) {
    try (MessageWriter message = this.messages.begin(Signals_Binding.PRIMITIVES)) {
      message.writeInt(i);
      message.writeLong(l);
      message.writeDouble(d);
      message.writeFloat(f);
      message.writeBoolean(z);
      message.writeByte(b);
      message.writeShort(s);
      message.writeChar(c);
      message.send();
    }
  }

  @Override
  public void text(String text, Integer boxed) {
    try (MessageWriter message = this.messages.begin(Signals_Binding.TEXT)) {
      message.writeString(text);
      message.writeObject(boxed, Integer.class);
      message.send();
    }
  }

  @Override
  public void reading(Signals.Reading reading, List<String> tags, int... samples) {
    try (MessageWriter message = this.messages.begin(Signals_Binding.READING)) {
      message.writeObject(reading, Signals.Reading.class);
      message.writeObject(tags, List.class);
      message.writeObject(samples, int[].class);
      message.send();
    }
  }

  @Override
  public void item(T item) {
    try (MessageWriter message = this.messages.begin(Signals_Binding.ITEM)) {
      message.writeObject(item, Object.class);
      message.send();
    }
  }

  @Override
  public void clash(String message, long methodId, int Signals_Binding_) {
    try (MessageWriter message_ = this.messages.begin(Signals_Binding.CLASH)) {
      message_.writeString(message);
      message_.writeLong(methodId);
      message_.writeInt(Signals_Binding_);
      message_.send();
    }
  }

  @Override
  public void ping() {
    try (MessageWriter message = this.messages.begin(Signals_Binding.PING)) {
      message.send();
    }
  }
}
