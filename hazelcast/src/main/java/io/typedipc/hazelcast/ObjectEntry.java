package io.typedipc.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The cluster's copy of one shared object: its serialised state, and the replies to its most
 * recent calls by call id. Hazelcast may run a call's entry processor a second time when the
 * member that ran it dies before answering (it retries on the new owner, which has the backup);
 * the call id finds the first run's reply instead, so a call is never applied twice.
 */
final class ObjectEntry implements DataSerializable {
  /** How many recent calls are remembered. */
  static final int RECENT = 64;
  /** Replies larger than this are not remembered (a repeated call then fails instead of running again). */
  static final int MAX_REMEMBERED_REPLY = 1024;

  /** The {@code @Shared} interface the object is served as. */
  String interfaceName;
  byte[] state;
  private ArrayDeque<Applied> recent = new ArrayDeque<>();

  record Applied(long idHigh, long idLow, byte[] reply) {}

  /** For Hazelcast's deserialization. */
  public ObjectEntry() {}

  ObjectEntry(String interfaceName, byte[] state) {
    this.interfaceName = interfaceName;
    this.state = state;
  }

  /** The remembered outcome of call {@code id}, or {@code null} if it has not run here. */
  Applied find(long idHigh, long idLow) {
    for (Applied a : recent) {
      if (a.idHigh == idHigh && a.idLow == idLow) {
        return a;
      }
    }
    return null;
  }

  void remember(long idHigh, long idLow, byte[] reply) {
    if (recent.size() == RECENT) {
      recent.removeFirst();
    }
    recent.addLast(new Applied(idHigh, idLow, reply != null && reply.length <= MAX_REMEMBERED_REPLY ? reply : null));
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(interfaceName);
    out.writeByteArray(state);
    out.writeInt(recent.size());
    for (Applied a : recent) {
      out.writeLong(a.idHigh);
      out.writeLong(a.idLow);
      out.writeByteArray(a.reply);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    interfaceName = in.readString();
    state = in.readByteArray();
    int n = in.readInt();
    if (n < 0 || n > RECENT) {
      throw new IOException("malformed typedipc object entry: " + n + " recent calls");
    }
    recent = new ArrayDeque<>(n);
    for (int i = 0; i < n; i++) {
      recent.addLast(new Applied(in.readLong(), in.readLong(), in.readByteArray()));
    }
  }
}
