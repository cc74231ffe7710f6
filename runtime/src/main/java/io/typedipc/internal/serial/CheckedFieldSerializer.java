package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import java.lang.reflect.Field;

/**
 * Kryo's {@code FieldSerializer}, refusing a value of another type than its field's. For a field
 * of a non-final type the bytes name the value's class, and Kryo sets the field through {@code
 * Unsafe} without checking it: a peer sending a registered class of another type (an {@code
 * ArrayList} where a {@code LinkedList} is declared, a {@code String} where a {@code List} is) left
 * an object whose field held what its type forbids, and using it could crash the JVM (the
 * Manager's, with a hostile client). Each such field reads through a {@link FieldTypeGuard}, which
 * checks the class the bytes name before the value is read: a {@link KryoException} naming the
 * field. Fields Kryo reads as exactly their type (primitive and final ones) and {@code Object}
 * fields need no check.
 */
final class CheckedFieldSerializer<T> extends FieldSerializer<T> {
  /** How many of the first values read measure what their no-arg constructor allocates. */
  private static final int MEASURED = 3;

  /**
   * What the no-arg constructor allocates beyond the object's own fields (a buffer it makes, say),
   * the least of the first {@link #MEASURED} measurements; charged to the frame's estimate of its
   * decoded size (see {@link FrameInput#charge}) for every value read. -1 until measured.
   */
  private long constructorExtra = -1;
  private int measured;

  CheckedFieldSerializer(Kryo kryo, Class<T> type) {
    super(kryo, type);
  }

  @Override
  protected T create(Kryo kryo, Input input, Class<? extends T> type) {
    if (measured >= MEASURED || !Allocations.COUNTED) {
      if (constructorExtra > 0) {
        FrameInput.charge(input, constructorExtra);
      }
      return super.create(kryo, input, type);
    }
    long before = Allocations.ofThisThread();
    T value = super.create(kryo, input, type);
    long extra = Math.max(0, Allocations.ofThisThread() - before - HeapEstimate.shallow(type));
    constructorExtra = constructorExtra < 0 ? extra : Math.min(constructorExtra, extra);
    measured++;
    FrameInput.charge(input, extra);
    return value;
  }

  @Override
  protected void initializeCachedFields() {
    for (CachedField cached : getFields()) {
      Class<?> fieldType = cached.getField().getType();
      // without a value class Kryo reads the value's class from the bytes (a non-final type)
      if (!fieldType.isPrimitive() && fieldType != Object.class && cached.getValueClass() == null) {
        cached.setSerializer(new FieldTypeGuard(cached.getField()));
      }
    }
  }

  /**
   * What a field of a non-final type reads and writes its values with: the serializer of the
   * value's class (as without it), once the class is known to fit the field.
   */
  static final class FieldTypeGuard extends Serializer<Object> {
    private final Field field;

    FieldTypeGuard(Field field) {
      this.field = field;
    }

    @Override
    public void write(Kryo kryo, Output output, Object value) {
      kryo.getSerializer(value.getClass()).write(kryo, output, value);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object read(Kryo kryo, Input input, Class<?> type) {
      if (!field.getType().isAssignableFrom(type)) {
        throw new KryoException("the peer sent a " + type.getName() + " for field " + field.getName() + " of "
            + field.getDeclaringClass().getName() + ", which is a " + field.getType().getName());
      }
      Serializer serializer = kryo.getSerializer(type);
      return serializer.read(kryo, input, type);
    }
  }
}
