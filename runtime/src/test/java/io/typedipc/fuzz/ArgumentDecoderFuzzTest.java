package io.typedipc.fuzz;

import static io.typedipc.fuzz.FuzzSupport.unexpected;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.esotericsoftware.kryo.Kryo;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.fuzz.FuzzSupport.BoundMethod;
import io.typedipc.internal.serial.FrameInput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the value decoder with what a peer controls: the body of a CALL frame as the Manager
 * reads it, and the body of a RESULT, DECLARED or FAILURE reply as a client reads it.
 *
 * <p>Input: {@code u8 mode | body}. Mode 0 (CALL) and 1 (RESULT): the body is {@code i32 method id
 * | value(s)}, the id choosing a method of any binding on the test class path (built-ins and test
 * interfaces; an unknown id still picks one); CALL reads one value per parameter, as {@code
 * ServerConnection} does, and hands them to the generated dispatcher (of an object that does
 * nothing), which casts each to its parameter type; RESULT reads one value of the result type.
 * Mode 2 (DECLARED) reads an exception, mode 3 (FAILURE) a remote failure.
 *
 * <p>Every outcome but a value or a {@link ProtocolException} is a finding: any other exception
 * or error, a value of the wrong type, or more memory allocated than the input can justify (see
 * {@link FuzzSupport#allocationBudget}).
 */
class ArgumentDecoderFuzzTest {
  static final int CALL = 0;
  static final int RESULT = 1;
  static final int DECLARED = 2;
  static final int FAILURE = 3;

  private static final Serialization SERIALIZATION = FuzzSupport.managerSerialization();
  private static final Map<SharedBinding, Dispatcher> DISPATCHERS = dispatchers();

  private static Map<SharedBinding, Dispatcher> dispatchers() {
    Map<SharedBinding, Dispatcher> map = new HashMap<>();
    for (SharedBinding b : FuzzSupport.BINDINGS) {
      map.put(b, b.newDispatcher(FuzzSupport.target(b.descriptor().type())));
    }
    return map;
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "kryo.dict")
  void decode(byte[] data) {
    FuzzSupport.withinAllocationBudget(data, ArgumentDecoderFuzzTest::decodeOnce);
  }

  /** Decodes one input; returns what it decoded. */
  private static String decodeOnce(byte[] data) {
    if (data.length < 1) {
      return "nothing";
    }
    int mode = data[0] & 3;
    String what = "mode " + mode;
    Kryo kryo = SERIALIZATION.borrow();
    try {
      FrameInput in = Serialization.frameInput(data, 1, data.length - 1);
      switch (mode) {
        case CALL, RESULT -> {
          if (in.remaining() < 4) {
            return "nothing";
          }
          BoundMethod m = FuzzSupport.methodFor(in.readInt());
          MethodDescriptor method = m.descriptor();
          what = (mode == CALL ? "the arguments of " : "the result of ")
              + m.binding().descriptor().name() + "." + method.signature();
          if (mode == CALL) {
            call(kryo, in, m, what);
          } else {
            result(kryo, in, method, what);
          }
        }
        case DECLARED -> {
          what = "a declared exception";
          Throwable t = SERIALIZATION.readException(kryo, in);
          if (t == null) {
            throw new AssertionError("readException returned null");
          }
        }
        default -> {
          what = "a remote failure";
          RemoteException e = SERIALIZATION.readFailure(kryo, in);
          if (e == null) {
            throw new AssertionError("readFailure returned null");
          }
        }
      }
    } catch (ProtocolException expected) {
      // the documented outcome for malformed bytes
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(what, t);
    } finally {
      SERIALIZATION.release(kryo);
    }
    return what;
  }

  private static void call(Kryo kryo, FrameInput in, BoundMethod m, String what) {
    List<Class<?>> types = m.descriptor().parameterTypes();
    Object[] args = new Object[types.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = SERIALIZATION.readValue(kryo, in, types.get(i));
    }
    if (in.remaining() != 0) {
      return; // the Manager refuses the call (trailing bytes) without dispatching it
    }
    try {
      DISPATCHERS.get(m.binding()).dispatch(m.descriptor().id(), args);
    } catch (Exception e) {
      throw new AssertionError(what + ": the dispatcher refused the decoded arguments", e);
    }
  }

  private static void result(Kryo kryo, FrameInput in, MethodDescriptor method, String what) {
    Class<?> type = method.resultType();
    if (type == void.class) {
      return;
    }
    Object value = SERIALIZATION.readValue(kryo, in, type);
    if (value != null && !boxed(type).isInstance(value)) {
      throw new AssertionError(what + ": decoded a " + value.getClass().getName());
    }
  }

  private static Class<?> boxed(Class<?> type) {
    return type.isPrimitive()
        ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
        : type;
  }
}
