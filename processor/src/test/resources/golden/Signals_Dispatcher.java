package com.example.signals;

import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.MessageDispatcher;
import io.typedipc.spi.MessageReader;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Consumer-side dispatcher of {@link Signals}: delivers each message as a call on the
 * consumer's implementation, chosen by method id; {@code deliver} reads the
 * arguments straight from the message, {@code dispatch} takes them from an array.
 */
@Generated("io.typedipc.processor.TypedIpcProcessor")
final class Signals_Dispatcher<T> implements Dispatcher, MessageDispatcher {
  private final Signals<T> target;

  Signals_Dispatcher(Signals<T> target) {
    this.target = target;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object dispatch(int methodId, Object[] args) throws Exception {
    switch (methodId) {
      case 0x1151ac81: // primitives(int,long,double,float,boolean,byte,short,char)
        this.target.primitives((int) args[0], (long) args[1], (double) args[2], (float) args[3], (boolean) args[4], (byte) args[5], (short) args[6], (char) args[7]);
        return null;
      case 0x93caa236: // text(java.lang.String,java.lang.Integer)
        this.target.text((String) args[0], (Integer) args[1]);
        return null;
      case 0x495d706a: // reading(com.example.signals.Signals.Reading,java.util.List,int[])
        this.target.reading((Signals.Reading) args[0], (List<String>) args[1], (int[]) args[2]);
        return null;
      case 0x19771b03: // item(java.lang.Object)
        this.target.item((T) args[0]);
        return null;
      case 0x8359993a: // clash(java.lang.String,long,int)
        this.target.clash((String) args[0], (long) args[1], (int) args[2]);
        return null;
      case 0xccc7282a: // ping()
        this.target.ping();
        return null;
      default:
        throw new IllegalArgumentException("com.example.signals.Signals has no method with id 0x" + Integer.toHexString(methodId));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void deliver(int methodId, MessageReader message) {
    switch (methodId) {
      case 0x1151ac81 -> { // primitives(int,long,double,float,boolean,byte,short,char)
        int i = message.readInt();
        long l = message.readLong();
        double d = message.readDouble();
        float f = message.readFloat();
        boolean z = message.readBoolean();
        byte b = message.readByte();
        short s = message.readShort();
        char c = message.readChar();
        message.end();
        this.target.primitives(i, l, d, f, z, b, s, c);
      }
      case 0x93caa236 -> { // text(java.lang.String,java.lang.Integer)
        String text = message.readString();
        Integer boxed = message.readObject(Integer.class);
        message.end();
        this.target.text(text, boxed);
      }
      case 0x495d706a -> { // reading(com.example.signals.Signals.Reading,java.util.List,int[])
        Signals.Reading reading = message.readObject(Signals.Reading.class);
        List<String> tags = (List<String>) message.readObject(List.class);
        int[] samples = message.readObject(int[].class);
        message.end();
        this.target.reading(reading, tags, samples);
      }
      case 0x19771b03 -> { // item(java.lang.Object)
        T item = (T) message.readObject(Object.class);
        message.end();
        this.target.item(item);
      }
      case 0x8359993a -> { // clash(java.lang.String,long,int)
        String message_ = message.readString();
        long methodId_ = message.readLong();
        int Signals_Binding = message.readInt();
        message.end();
        this.target.clash(message_, methodId_, Signals_Binding);
      }
      case 0xccc7282a -> { // ping()
        message.end();
        this.target.ping();
      }
      default -> throw new IllegalArgumentException("com.example.signals.Signals has no message with id 0x" + Integer.toHexString(methodId));
    }
  }
}
