package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Array serializers that check declared lengths. Arrays of {@code byte}, {@code char}, {@code
 * short}, {@code int}, {@code long}, {@code float} and {@code double} use Kryo's serializers, whose
 * bulk reads {@link FrameInput} bounds; these cover {@code boolean[]} and arrays of references.
 */
final class ArraySerializers {
  private ArraySerializers() {}

  /** {@code boolean[]}: length (varint), then one byte per element. */
  static final class BooleanArraySerializer extends Serializer<boolean[]> {
    @Override
    public void write(Kryo kryo, Output out, boolean[] array) {
      out.writeVarInt(array.length, true);
      for (boolean b : array) {
        out.writeBoolean(b);
      }
    }

    @Override
    public boolean[] read(Kryo kryo, Input in, Class<? extends boolean[]> type) {
      int length = Elements.readLength(in, 1);
      Elements.frame(in).charge(length); // its header is charged with the array (WireKryo)
      boolean[] array = new boolean[length];
      for (int i = 0; i < length; i++) {
        array[i] = in.readBoolean();
      }
      return array;
    }
  }

  /**
   * An array of references ({@code Object[]}, {@code String[]}, {@code Point[]}, {@code int[][]},
   * …): length (varint), then the elements ({@link Elements}). Reading grows a buffer as elements
   * arrive instead of allocating the declared length up front, so nested arrays that each claim
   * the whole frame cannot multiply the allocation.
   */
  static final class ObjectArraySerializer extends Serializer<Object[]> {
    /** A slot of the growing buffer and of the array it becomes (see FrameInput#charge). */
    private static final int ELEMENT_BYTES = 3 * FrameInput.REFERENCE;

    private final Class<?> componentType;
    private final Object[] empty;

    ObjectArraySerializer(Class<?> componentType) {
      this.componentType = componentType;
      this.empty = (Object[]) Array.newInstance(componentType, 0);
    }

    @Override
    public void write(Kryo kryo, Output out, Object[] array) {
      out.writeVarInt(array.length, true);
      if (array.length == 0) {
        return;
      }
      Serializer<?> serializer = Elements.writeMode(kryo, out, Elements.commonClass(array));
      for (Object e : array) {
        Elements.write(kryo, out, e, serializer);
      }
    }

    @Override
    public Object[] read(Kryo kryo, Input in, Class<? extends Object[]> type) {
      int length = Elements.readLength(in, 1);
      if (length == 0) {
        return empty;
      }
      Registration registration = Elements.readMode(kryo, in);
      FrameInput frame = Elements.frame(in);
      Object[] buffer = new Object[Elements.initialCapacity(length)];
      for (int i = 0; i < length; i++) {
        frame.charge(ELEMENT_BYTES);
        Object e = Elements.read(kryo, in, registration);
        if (e != null && !componentType.isInstance(e)) {
          throw new ProtocolException(
              "a " + e.getClass().getName() + " cannot be an element of "
                  + UnregisteredClassException.displayName(componentType) + "[]");
        }
        if (i == buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
        }
        buffer[i] = e;
      }
      Object[] array =
          componentType == Object.class && buffer.length == length
              ? buffer
              : (Object[]) Array.newInstance(componentType, length);
      if (array != buffer) {
        System.arraycopy(buffer, 0, array, 0, length);
      }
      return array;
    }
  }
}
