package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.allocatedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The length-prefixed string form that message arguments use ({@link
 * FrameOutput#writeLengthPrefixedString}, {@link FrameInput#readLengthPrefixedString}): every Java
 * string comes back as it was, and a malformed header fails with a {@link ProtocolException}
 * without allocating from the length it claims.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LengthPrefixedStringTest {

  private static byte[] encode(String... strings) {
    FrameOutput out = new FrameOutput(16);
    for (String s : strings) {
      out.writeLengthPrefixedString(s);
    }
    return out.toBytes();
  }

  private static String roundTrip(String s) {
    byte[] bytes = encode(s, "after");
    FrameInput in = new FrameInput(bytes, 0, bytes.length);
    String back = in.readLengthPrefixedString();
    assertEquals("after", in.readLengthPrefixedString(), "the next string starts where this one ends");
    assertEquals(bytes.length, in.position(), "bytes left unread");
    return back;
  }

  private static ProtocolException rejected(byte... bytes) {
    FrameInput in = new FrameInput(bytes, 0, bytes.length);
    return assertThrows(ProtocolException.class, in::readLengthPrefixedString);
  }

  @Test
  void nullAndEmptyTakeOneByte() {
    assertArrayEquals(new byte[] {0}, encode((String) null));
    assertArrayEquals(new byte[] {1}, encode(""));
    assertNull(roundTrip(null));
    assertEquals("", roundTrip(""));
  }

  @Test
  void asciiAndLatin1TakeOneByteACharacterAfterAOneByteHeader() {
    String ascii = "order-placed:EU-0042"; // the benchmark's 20 characters
    byte[] bytes = encode(ascii);
    assertEquals(21, bytes.length);
    assertEquals(ascii, roundTrip(ascii));
    String latin1 = "café crème, naïve, ÿ\u0080\u00a0\u00ff";
    assertEquals(1 + latin1.length(), encode(latin1).length);
    assertEquals(latin1, roundTrip(latin1));
    assertEquals("\u0000nul\u0000", roundTrip("\u0000nul\u0000"));
  }

  @Test
  void theHeaderGrowsPast31Characters() {
    String s31 = "a".repeat(31);
    String s32 = "a".repeat(32);
    assertEquals(1 + 31, encode(s31).length);
    assertEquals(2 + 32, encode(s32).length);
    assertEquals(s31, roundTrip(s31));
    assertEquals(s32, roundTrip(s32));
  }

  @Test
  void charactersBeyondLatin1TravelAsUtf8() {
    for (String s : List.of("€", "日本語のテキスト", "mixed ascii and Ελληνικά and ру́сский", "ab\u0100", "\u07ff\u0800\uffff",
        "a".repeat(40) + "€")) { // the non-Latin-1 character after the one-pass copy began
      assertEquals(s, roundTrip(s), s);
    }
    assertEquals(1 + 3, encode("€").length); // one header byte, three UTF-8 bytes
  }

  @Test
  void surrogatePairsAndUnpairedSurrogatesComeBackExactly() {
    String emoji = "smile 😀 and 𝄞 (G clef)";
    assertEquals(emoji, roundTrip(emoji));
    assertEquals(1 + 4, encode("😀").length); // standard UTF-8: a pair is one 4-byte sequence
    for (String s : List.of("\ud800", "\udc00", "x\ud83dy", "\ude00\ud83d", "ok 😀 then lone \ud83d")) {
      assertEquals(s, roundTrip(s), "unpaired surrogates survive (UTF-16 form)");
    }
  }

  @Test
  void longStrings() {
    String ascii = "0123456789".repeat(100_000);
    String cjk = "漢字".repeat(50_000);
    String emoji = "😀".repeat(30_000);
    assertEquals(ascii, roundTrip(ascii));
    assertEquals(cjk, roundTrip(cjk));
    assertEquals(emoji, roundTrip(emoji));
    assertEquals(ascii.length() + 4, encode(ascii).length); // (1,000,000 << 2) + 1 needs 22 bits: a 4-byte header
  }

  @Test
  void randomStringsOfAnyCodeUnitsRoundTrip() {
    Random random = new Random(42);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      int length = random.nextInt(i % 10 == 0 ? 300 : 40);
      StringBuilder b = new StringBuilder(length);
      int range = switch (i % 4) {
        case 0 -> 0x80;
        case 1 -> 0x100;
        case 2 -> 0x3000;
        default -> 0x10000;
      };
      for (int c = 0; c < length; c++) {
        b.append((char) random.nextInt(range));
      }
      strings.add(i % 50 == 0 ? null : b.toString());
    }
    byte[] bytes = encode(strings.toArray(new String[0]));
    FrameInput in = new FrameInput(bytes, 0, bytes.length);
    for (String s : strings) {
      assertEquals(s, in.readLengthPrefixedString());
    }
    assertEquals(bytes.length, in.position());
  }

  @Test
  void aClaimedLengthBeyondTheFrameIsRefusedBeforeAnythingIsAllocated() {
    // a header claiming 0x3FFFFFFE UTF-8 bytes, followed by three bytes
    FrameOutput out = new FrameOutput(16);
    int huge = (0x3FFF_FFFE << 2 | 1) + 1;
    out.writeVarInt(huge, true);
    out.writeBytes(new byte[] {'a', 'b', 'c'});
    byte[] frame = out.toBytes();
    long before = allocatedBytes();
    ProtocolException e = rejected(frame);
    long after = allocatedBytes();
    assertTrue(e.getMessage().contains("more than the 3 bytes left"), e.getMessage());
    if (before >= 0) {
      assertTrue(after - before < 1 << 20, "allocated " + (after - before) + " bytes for a refused string");
    }
    ProtocolException oneTooMany = rejected((byte) ((4 << 2) + 1), (byte) 'a', (byte) 'b', (byte) 'c');
    assertTrue(oneTooMany.getMessage().contains("declares 4 bytes"), oneTooMany.getMessage());
  }

  @Test
  void malformedHeadersAreProtocolErrors() {
    assertTrue(rejected().getMessage().contains("header is missing"));
    assertTrue(rejected((byte) 0x80).getMessage().contains("cut short"));
    assertTrue(rejected((byte) 0xff, (byte) 0xff).getMessage().contains("cut short"));
    assertTrue(rejected((byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f).getMessage().contains("exceeds 32 bits"));
    assertTrue(rejected((byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x01).getMessage()
        .contains("longer than 5 bytes"));
    assertTrue(rejected((byte) ((1 << 2 | 3) + 1), (byte) 'a').getMessage().contains("encoding 3"));
    assertTrue(rejected((byte) ((3 << 2 | 2) + 1), (byte) 1, (byte) 2, (byte) 3).getMessage().contains("odd number"));
  }

  @Test
  void malformedUtf8BytesDecodeAsReplacementCharactersNeverMore() {
    // what a broken or hostile writer could send: not a ProtocolException, but nothing beyond the frame either
    String s = new FrameInput(new byte[] {(byte) ((2 << 2 | 1) + 1), (byte) 0xC3, (byte) 0x28}, 0, 3).readLengthPrefixedString();
    assertEquals(2, s.length());
    assertEquals('\ufffd', s.charAt(0));
  }
}
