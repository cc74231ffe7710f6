package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.typedipc.ProtocolException;

/**
 * Class resolver that only ever resolves registered ids: an unknown id or a class name on the wire
 * is a {@link ProtocolException}, and no class is ever loaded from wire data. On the writing side
 * it can {@linkplain #alias alias} an unregistered class to a registered one (e.g. {@code List.of}'s
 * class to {@code ArrayList}).
 */
final class WireClassResolver extends DefaultClassResolver {

  @Override
  public Registration readClass(Input input) {
    int tag = input.readVarInt(true);
    if (tag == Kryo.NULL) {
      return null;
    }
    if (tag == NAME + 2) {
      throw new ProtocolException("the peer sent a class by name; only registered class ids are accepted");
    }
    Registration registration = tag > 1 ? idToRegistration.get(tag - 2) : null;
    if (registration == null) {
      throw new ProtocolException(
          "the peer sent a value of class id " + (tag - 2) + ", which is not in this process's "
              + "allow-list (register the class on both sides)");
    }
    return registration;
  }

  @Override
  protected Registration readName(Input input) {
    throw new ProtocolException("the peer sent a class by name; only registered class ids are accepted");
  }

  /** Makes {@code type} write as {@code target} from now on (writing side only). */
  void alias(Class<?> type, Registration target) {
    classToRegistration.put(type, target);
  }
}
