package io.typedipc.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.typedipc.NoSuchObjectException;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call of a shared object, run by the member that owns the object's entry: reads the state,
 * runs the method on it with the generated dispatcher, writes the state back and returns the
 * reply. Entry processors of one key run one at a time, in order, so the object sees one call at
 * a time as in a single Manager. The backup receives the new state, not the call, so the method
 * runs once.
 *
 * <p>Public only because Hazelcast instantiates it on every member; not for applications.
 */
public final class ObjectCall implements EntryProcessor<String, ObjectEntry, byte[]>, DataSerializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  /** How long an asynchronous method of a cluster object may take to complete its future. */
  static final long ASYNC_LIMIT_SECONDS = 30;

  private String interfaceName;
  private int methodId;
  private byte[] args;
  private long idHigh;
  private long idLow;
  private transient ClusterContext context;
  /** The new state, for the backup; set by {@link #process}. */
  private transient ObjectEntry changed;

  /** For Hazelcast's deserialization. */
  public ObjectCall() {}

  ObjectCall(ClusterContext context, String interfaceName, int methodId, byte[] args, long idHigh, long idLow) {
    this.context = context;
    this.interfaceName = interfaceName;
    this.methodId = methodId;
    this.args = args;
    this.idHigh = idHigh;
    this.idLow = idLow;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hz) {
    this.context = ClusterContext.of(hz);
  }

  @Override
  public byte[] process(Map.Entry<String, ObjectEntry> entry) {
    ClusterContext ctx = context;
    SharedBinding binding = ctx.binding(interfaceName);
    MethodDescriptor method = binding.descriptor().method(methodId);
    ObjectEntry current = entry.getValue();
    if (current == null) {
      return ctx.reply(method, null, new NoSuchObjectException("the cluster holds no object '" + entry.getKey() + "'"));
    }
    ObjectEntry.Applied done = current.find(idHigh, idLow);
    if (done != null) {
      return done.reply() != null ? done.reply()
          : ctx.reply(method, null, new IllegalStateException("the call ran once, but its reply was lost with a member"));
    }
    Object target;
    try {
      target = ctx.readState(current.state);
    } catch (RuntimeException e) { // the member that owns the entry lacks the state's class: misconfigured
      throw new IllegalStateException("member " + ctx.localMember() + " cannot read the state of '" + entry.getKey()
          + "' (" + e.getMessage() + "): every member of the cluster must run a Manager that shares the same"
          + " objects and registers the same classes", e);
    }
    Object result = null;
    Throwable failure = null;
    try {
      Object[] values = ctx.read(args, method.parameterTypes());
      result = binding.newDispatcher(target).dispatch(methodId, values);
      if (method.kind() == MethodDescriptor.Kind.ASYNC && result instanceof CompletableFuture<?> future) {
        result = future.get(ASYNC_LIMIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (TimeoutException e) {
      failure = new IllegalStateException("an asynchronous method of a cluster object did not complete within "
          + ASYNC_LIMIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    } catch (Exception | Error e) {
      failure = e;
    }
    byte[] newState;
    try {
      newState = ctx.writeState(target);
    } catch (RuntimeException e) {
      // the state cannot be kept: the call fails and the entry keeps its state from before it
      return ctx.reply(method, null, new io.typedipc.SerializationException("the state of '" + entry.getKey()
          + "' cannot be serialised after " + method.name() + ": " + e.getMessage(), e));
    }
    byte[] reply = ctx.reply(method, result, failure);
    current.state = newState;
    current.remember(idHigh, idLow, reply);
    entry.setValue(current);
    changed = current;
    return reply;
  }

  @Override
  public EntryProcessor<String, ObjectEntry, byte[]> getBackupProcessor() {
    return changed == null ? null : new SetEntry(changed);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(interfaceName);
    out.writeInt(methodId);
    out.writeByteArray(args);
    out.writeLong(idHigh);
    out.writeLong(idLow);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    interfaceName = in.readString();
    methodId = in.readInt();
    args = in.readByteArray();
    idHigh = in.readLong();
    idLow = in.readLong();
  }

  /** The backup's side of a call: takes the state the owner computed. */
  public static final class SetEntry implements EntryProcessor<String, ObjectEntry, byte[]>, DataSerializable {
    private static final long serialVersionUID = 1L;
    private ObjectEntry entry;

    /** For Hazelcast's deserialization. */
    public SetEntry() {}

    SetEntry(ObjectEntry entry) {
      this.entry = entry;
    }

    @Override
    public byte[] process(Map.Entry<String, ObjectEntry> e) {
      e.setValue(entry);
      return null;
    }

    @Override
    public EntryProcessor<String, ObjectEntry, byte[]> getBackupProcessor() {
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      entry.writeData(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      entry = new ObjectEntry();
      entry.readData(in);
    }
  }
}
