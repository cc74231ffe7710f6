package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Stack traces and failure descriptions, as strings and numbers only: no class is named by id and
 * none is loaded when reading.
 *
 * <p>Stack trace: count (varint), then per element class loader name, module name, module version,
 * declaring class, method name, file name (strings, possibly null) and line number (signed varint).
 * Failure: count of throwables in the cause chain (1 to {@link #MAX_CHAIN}), then per throwable,
 * outermost first, its binary class name, message and stack trace.
 */
final class Failures {
  /** The most throwables of a cause chain that a failure description carries. */
  static final int MAX_CHAIN = 8;
  private static final int MIN_FRAME_BYTES = 7;

  private Failures() {}

  static void writeStackTrace(Output out, StackTraceElement[] stack) {
    out.writeVarInt(stack.length, true);
    for (StackTraceElement e : stack) {
      out.writeString(e.getClassLoaderName());
      out.writeString(e.getModuleName());
      out.writeString(e.getModuleVersion());
      out.writeString(e.getClassName());
      out.writeString(e.getMethodName());
      out.writeString(e.getFileName());
      out.writeVarInt(e.getLineNumber(), false);
    }
  }

  static StackTraceElement[] readStackTrace(Input in) {
    int length = Elements.frame(in).checkLength(in.readVarInt(true), MIN_FRAME_BYTES);
    FrameInput.charge(in, FrameInput.align(FrameInput.ARRAY_HEADER + (long) FrameInput.REFERENCE * length));
    StackTraceElement[] stack = new StackTraceElement[length];
    for (int i = 0; i < length; i++) {
      FrameInput.charge(in, HeapEstimate.STACK_TRACE_ELEMENT);
      String loader = in.readString();
      String module = in.readString();
      String moduleVersion = in.readString();
      String className = in.readString();
      String method = in.readString();
      String file = in.readString();
      int line = in.readVarInt(false);
      if (className == null || method == null) {
        throw new ProtocolException("stack trace element without class or method name");
      }
      stack[i] = new StackTraceElement(loader, module, moduleVersion, className, method, file, line);
    }
    return stack;
  }

  /** Writes {@code t} and its causes (at most {@link #MAX_CHAIN}) as a description. */
  static void writeFailure(Output out, Throwable t) {
    Throwable[] chain = new Throwable[MAX_CHAIN];
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    int n = 0;
    for (Throwable c = t; c != null && n < MAX_CHAIN && seen.put(c, Boolean.TRUE) == null;
        c = c.getCause()) {
      chain[n++] = c;
    }
    out.writeVarInt(n, true);
    for (int i = 0; i < n; i++) {
      Throwable c = chain[i];
      if (c instanceof RemoteException) { // forwarding a remote failure: keep its identity
        RemoteException r = (RemoteException) c;
        out.writeString(r.remoteType());
        out.writeString(r.remoteMessage());
      } else {
        out.writeString(c.getClass().getName());
        out.writeString(messageOf(c));
      }
      writeStackTrace(out, c.getStackTrace());
    }
  }

  /**
   * Reads a description written by {@link #writeFailure}.
   *
   * @param depth how deep in a value it is (Kryo's nesting depth; 0 at the top): what each {@code
   *     RemoteException} made costs depends on it (see {@link HeapEstimate#throwable})
   */
  static RemoteException readFailure(Input in, int depth) {
    int n = in.readVarInt(true);
    if (n < 1 || n > MAX_CHAIN) {
      throw new ProtocolException("a failure description must hold 1 to " + MAX_CHAIN
          + " throwables, not " + n);
    }
    String[] types = new String[n];
    String[] messages = new String[n];
    StackTraceElement[][] stacks = new StackTraceElement[n][];
    for (int i = 0; i < n; i++) {
      types[i] = in.readString();
      messages[i] = in.readString();
      stacks[i] = readStackTrace(in);
      if (types[i] == null) {
        throw new ProtocolException("failure description without a class name");
      }
    }
    RemoteException result = null;
    for (int i = n - 1; i >= 0; i--) {
      FrameInput.charge(in, HeapEstimate.throwable(depth));
      result = new RemoteException(types[i], messages[i], stacks[i], result);
    }
    return result;
  }

  /** {@code t.getMessage()}, guarding against overrides that throw. */
  static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return "<getMessage() threw " + e.getClass().getName() + ">";
    }
  }
}
