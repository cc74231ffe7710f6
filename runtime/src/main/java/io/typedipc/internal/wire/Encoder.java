package io.typedipc.internal.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.SerializationException;
import io.typedipc.internal.serial.Serialization;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Builds one outgoing frame at a time: a pooled Kryo with its output buffer. Borrow one with
 * {@link Pool#borrow()}, {@link #begin} a frame, write fields, {@link #sendTo} a channel, then
 * {@link Pool#release} it.
 */
public final class Encoder {
  /** Kryo plus buffer, reused across frames. */
  public final Kryo kryo;
  /** The frame being written; the first four bytes are reserved for the length. */
  public final Output out;

  private Encoder(Kryo kryo, int maxFrame) {
    this.kryo = kryo;
    this.out = new Output(Math.min(4096, maxFrame + 4), maxFrame + 4); // Kryo refuses a start above the cap
  }

  /** Starts a frame of the given message type. */
  public Output begin(byte type) {
    out.reset();
    out.setPosition(4);
    out.writeByte(type);
    return out;
  }

  /**
   * Finishes the frame and sends it.
   *
   * @param limit the receiver's frame limit
   * @throws SerializationException if the frame is larger than {@code limit}
   */
  public void sendTo(FrameTransport channel, int limit) throws IOException {
    sendTo(channel, limit, true);
  }

  /**
   * Finishes the frame and sends it, or only enqueues it when {@code flush} is false (a later
   * {@link FrameChannel#flush()} writes it with others).
   */
  public void sendTo(FrameTransport channel, int limit, boolean flush) throws IOException {
    int length = finish(limit);
    if (flush) {
      channel.send(out.getBuffer(), 0, length + 4); // written straight from this buffer when the channel is idle
    } else {
      channel.enqueue(out.getBuffer(), 0, length + 4);
    }
  }

  /**
   * Finishes the frame and appends it to {@code channel}'s outgoing buffer without writing and
   * without blocking ({@link FrameChannel#offer}).
   *
   * @return false if the channel's bound of waiting bytes was reached (nothing was appended)
   * @throws SerializationException if the frame is larger than {@code limit}
   */
  public boolean offerTo(FrameTransport channel, int limit) throws IOException {
    int length = finish(limit);
    return channel.offer(out.getBuffer(), 0, length + 4);
  }

  /**
   * Completes the frame: writes its length in front.
   *
   * @return the payload's length (the frame is that plus the 4-byte length)
   * @throws SerializationException if the payload is larger than {@code limit}
   */
  public int finish(int limit) {
    int length = out.position() - 4;
    if (length > limit) {
      throw new SerializationException(
          "message of " + length + " bytes exceeds the receiver's frame limit of " + limit + " bytes");
    }
    FrameChannel.writeInt(out.getBuffer(), 0, length);
    return length;
  }

  /**
   * A pool of encoders sharing one {@link Serialization}. In front of the shared queue sits one
   * slot per thread-id residue: a thread that borrows and releases an encoder for each frame finds
   * its own again with one uncontended compare-and-set, and releasing it allocates nothing.
   */
  public static final class Pool {
    private static final int STRIPES = 16;
    private final Serialization serialization;
    private final int maxFrame;
    private final AtomicReferenceArray<Encoder> stripes = new AtomicReferenceArray<>(STRIPES);
    private final ConcurrentLinkedQueue<Encoder> free = new ConcurrentLinkedQueue<>();

    /** Encoders whose buffers grow up to {@code maxFrame} bytes. */
    public Pool(Serialization serialization, int maxFrame) {
      this.serialization = serialization;
      this.maxFrame = maxFrame;
    }

    /** An encoder for the calling thread's exclusive use until released. */
    public Encoder borrow() {
      int i = (int) Thread.currentThread().getId() & (STRIPES - 1);
      Encoder e = stripes.get(i);
      if (e != null && stripes.compareAndSet(i, e, null)) {
        return e;
      }
      e = free.poll();
      if (e != null) {
        return e;
      }
      for (int j = 0; j < STRIPES; j++) { // before a new encoder is made, take one another thread's slot holds
        e = stripes.get(j);
        if (e != null && stripes.compareAndSet(j, e, null)) {
          return e;
        }
      }
      return new Encoder(serialization.borrow(), maxFrame);
    }

    /** Returns an encoder; oversized buffers are dropped to keep memory flat. */
    public void release(Encoder e) {
      if (e.out.getBuffer().length <= 1024 * 1024) {
        int i = (int) Thread.currentThread().getId() & (STRIPES - 1);
        if (stripes.get(i) == null && stripes.compareAndSet(i, null, e)) {
          return;
        }
        free.offer(e);
      }
    }

    /** The serialization the encoders use. */
    public Serialization serialization() {
      return serialization;
    }
  }

  /** Maps a buffer overflow (frame larger than this side's limit) to a clear exception. */
  public static SerializationException tooLarge(KryoException e, int maxFrame) {
    return new SerializationException(
        "message exceeds the frame limit of " + maxFrame + " bytes (" + e.getMessage() + ")", e);
  }
}
