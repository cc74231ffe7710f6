package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Serializers for JDK value classes whose Kryo serializers lose part of the value: Kryo writes a
 * {@code Locale}'s language, country and variant only (not its script nor its extensions: {@code
 * zh-Hant-TW} arrived as {@code zh-TW}), and a {@code ZonedDateTime}'s local date-time and zone
 * without its offset (a time in the hour a zone repeats when its clocks go back arrived one hour
 * off). These write the whole value.
 */
final class JdkValueSerializers {
  private JdkValueSerializers() {}

  /** A {@code Locale} as its BCP 47 tag, or, for the few that a tag does not give back, its three legacy parts. */
  static final class LocaleSerializer extends Serializer<Locale> {
    private static final byte TAG = 0;
    private static final byte PARTS = 1;

    LocaleSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Locale locale) {
      String tag = locale.toLanguageTag();
      if (Locale.forLanguageTag(tag).equals(locale)) {
        output.writeByte(TAG);
        output.writeString(tag);
      } else {
        output.writeByte(PARTS);
        output.writeString(locale.getLanguage());
        output.writeString(locale.getCountry());
        output.writeString(locale.getVariant());
      }
    }

    @Override
    public Locale read(Kryo kryo, Input input, Class<? extends Locale> type) {
      byte form = input.readByte();
      if (form == TAG) {
        String tag = input.readString();
        FrameInput.charge(input, HeapEstimate.locale(tag == null ? 0 : tag.length()));
        return Locale.forLanguageTag(tag);
      } else if (form == PARTS) {
        String language = input.readString();
        String country = input.readString();
        String variant = input.readString();
        FrameInput.charge(input, HeapEstimate.locale(length(language) + length(country) + length(variant)));
        return new Locale(language, country, variant);
      }
      throw new IllegalArgumentException("unknown form " + form + " of a Locale");
    }
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** A {@code ZonedDateTime} as its local date-time, its offset and its zone. */
  static final class ZonedDateTimeSerializer extends Serializer<ZonedDateTime> {
    ZonedDateTimeSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, ZonedDateTime value) {
      LocalDateTime local = value.toLocalDateTime();
      output.writeVarLong(local.toLocalDate().toEpochDay(), false);
      output.writeVarLong(local.toLocalTime().toNanoOfDay(), true);
      output.writeVarInt(value.getOffset().getTotalSeconds(), false);
      output.writeString(value.getZone().getId());
    }

    @Override
    public ZonedDateTime read(Kryo kryo, Input input, Class<? extends ZonedDateTime> type) {
      LocalDate date = LocalDate.ofEpochDay(input.readVarLong(false));
      LocalTime time = LocalTime.ofNanoOfDay(input.readVarLong(true));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(input.readVarInt(false));
      String zone = input.readString();
      if (zone == null) {
        throw new IllegalArgumentException("a ZonedDateTime without a zone");
      }
      // the offset chooses between the two local times of an overlap; in a gap or with another zone it is adjusted
      return ZonedDateTime.ofLocal(LocalDateTime.of(date, time), ZoneId.of(zone), offset);
    }
  }
}
