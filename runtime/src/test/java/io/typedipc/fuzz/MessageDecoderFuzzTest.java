package io.typedipc.fuzz;

import static io.typedipc.fuzz.FuzzSupport.unexpected;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.typedipc.ProtocolException;
import io.typedipc.internal.channel.MessageCodec;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.SharedBinding;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the decoder of channel and pipe messages ({@link MessageCodec}) with a batch as a peer
 * can send it: to a Manager channel (which only checks its framing, {@link
 * MessageCodec#checkBatch}, and cuts it with {@link MessageCodec#skip}) and to a consumer or pipe
 * end (which decodes each message and calls the generated dispatcher of its handler).
 *
 * <p>Input: {@code u8 channel | u8 message count | batch}; the first byte picks one of the
 * {@code @Channel} interfaces on the test class path.
 *
 * <p>Findings: anything but {@link IllegalArgumentException} from {@code checkBatch}; anything but
 * {@link ProtocolException} from decoding; a decoded argument the dispatcher cannot cast; a batch
 * that decodes in full although {@code checkBatch} refuses its framing; or an allocation larger
 * than the input justifies.
 */
class MessageDecoderFuzzTest {
  private static final Serialization SERIALIZATION = FuzzSupport.managerSerialization();
  private static final List<SharedBinding> CHANNELS =
      FuzzSupport.BINDINGS.stream()
          .filter(b -> b.descriptor().kind() == InterfaceDescriptor.Kind.CHANNEL)
          .toList();
  private static final List<MessageCodec> CODECS =
      CHANNELS.stream().map(b -> new MessageCodec(b.descriptor(), SERIALIZATION)).toList();
  private static final List<Dispatcher> DISPATCHERS =
      CHANNELS.stream()
          .map(b -> b.newDispatcher(FuzzSupport.target(b.descriptor().type())))
          .toList();

  @FuzzTest
  @DictionaryFile(resourcePath = "kryo.dict")
  void decode(byte[] data) {
    FuzzSupport.withinAllocationBudget(data, MessageDecoderFuzzTest::decodeOnce);
  }

  /** Decodes one input; returns what it decoded. */
  private static String decodeOnce(byte[] data) {
    if (data.length < 2) {
      return "nothing";
    }
    int c = (data[0] & 0xff) % CHANNELS.size();
    int count = data[1] & 0xff;
    byte[] batch = Arrays.copyOfRange(data, 2, data.length);
    String what = "a batch of " + count + " " + CHANNELS.get(c).descriptor().name() + " messages";
    boolean framed = managerAccepts(batch, count, what);

    MessageCodec.Decoder decoder = CODECS.get(c).decoder();
    int dispatched = 0;
    boolean exhausted = false;
    try {
      decoder.reset(batch, 0, batch.length, count);
      while (decoder.remaining() > 0) {
        decoder.dispatchNext(DISPATCHERS.get(c));
        dispatched++;
      }
      exhausted = decoder.exhausted();
    } catch (ProtocolException expected) {
      // the documented outcome for a malformed message
    } catch (ClassCastException e) {
      throw new AssertionError(what + ": the dispatcher cannot cast a decoded argument", e);
    } catch (Throwable t) {
      throw unexpected("decoding " + what, t);
    } finally {
      decoder.release();
    }
    if (dispatched == count && exhausted && !framed) {
      throw new AssertionError(what + " decodes in full, but checkBatch refuses it");
    }
    return what;
  }

  /** What a Manager channel does with a producer's batch: check it, then cut it into messages. */
  private static boolean managerAccepts(byte[] batch, int count, String what) {
    try {
      MessageCodec.checkBatch(batch, count);
    } catch (IllegalArgumentException refused) {
      return false;
    } catch (Throwable t) {
      throw new AssertionError("checkBatch on " + what + " threw " + t, t);
    }
    try {
      int at = 0;
      for (int i = 0; i < count; i++) {
        at = MessageCodec.skip(batch, at);
      }
      if (at != batch.length) {
        throw new AssertionError("checkBatch accepted " + what + ", but its messages end at " + at
            + " of " + batch.length + " bytes");
      }
    } catch (RuntimeException e) {
      throw new AssertionError("checkBatch accepted " + what + ", but skip fails on it", e);
    }
    return true;
  }
}
