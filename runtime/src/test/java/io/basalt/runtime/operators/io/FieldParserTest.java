package io.basalt.runtime.operators.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import io.basalt.data.DataType;

/** The byte parsers and formatters agree with the JDK on random values. */
class FieldParserTest {
    private final FieldParser parser = new FieldParser();
    private final FieldFormatter formatter = new FieldFormatter();

    private boolean parse(DataType type, String text) {
        byte[] b = ("#" + text + "#").getBytes(StandardCharsets.UTF_8);
        return parser.parse(type, b, 1, b.length - 1);
    }

    private String formatted() {
        return new String(formatter.bytes, 0, formatter.length, StandardCharsets.UTF_8);
    }

    @Property(tries = 3000)
    void doublesRoundTripThroughTheirShortestText(@ForAll double value) {
        assertThat(parse(DataType.FLOAT64, Double.toString(value))).isTrue();
        assertThat(Double.doubleToLongBits(parser.doubleValue)).isEqualTo(Double.doubleToLongBits(value));
    }

    @Property(tries = 3000)
    void floatsRoundTripThroughTheirShortestText(@ForAll float value) {
        assertThat(parse(DataType.FLOAT32, Float.toString(value))).isTrue();
        assertThat(Float.floatToIntBits((float) parser.doubleValue)).isEqualTo(Float.floatToIntBits(value));
    }

    @Property(tries = 3000)
    void shortDecimalTextParsesLikeTheJdk(@ForAll @LongRange(min = -99_999_999_999L, max = 99_999_999_999L) long digits,
                                         @ForAll @IntRange(min = 0, max = 11) int point, @ForAll @IntRange(min = -30, max = 30) int exp) {
        String text = BigDecimal.valueOf(digits, point).toPlainString() + (exp == 0 ? "" : "e" + exp);
        assertThat(parse(DataType.FLOAT64, text)).isTrue();
        assertThat(parser.doubleValue).as(text).isEqualTo(Double.parseDouble(text));
        assertThat(parse(DataType.FLOAT32, text)).isTrue();
        assertThat((float) parser.doubleValue).as(text).isEqualTo(Float.parseFloat(text));
    }

    @Property(tries = 2000)
    void longsRoundTrip(@ForAll long value) {
        formatter.length = 0;
        formatter.appendLong(value);
        assertThat(formatted()).isEqualTo(Long.toString(value));
        assertThat(parse(DataType.INT64, formatted())).isTrue();
        assertThat(parser.longValue).isEqualTo(value);
        assertThat(parse(DataType.INT32, formatted())).isEqualTo(value == (int) value);
    }

    @Property(tries = 2000)
    void decimalsRoundTripInPlainNotation(@ForAll @LongRange(min = -999_999_999_999_999_999L, max = 999_999_999_999_999_999L) long unscaled,
                                          @ForAll @IntRange(min = 0, max = 18) int scale) {
        formatter.length = 0;
        formatter.appendDecimal(unscaled, scale);
        assertThat(formatted()).isEqualTo(BigDecimal.valueOf(unscaled, scale).toPlainString());
        assertThat(parse(DataType.decimal(18, scale), formatted())).isTrue();
        assertThat(parser.longValue).isEqualTo(unscaled);
        int digits = unscaled == 0 ? 1 : BigDecimal.valueOf(Math.abs(unscaled)).precision();
        assertThat(parse(DataType.decimal(Math.max(digits, scale), scale), formatted())).isTrue();
        if (digits < 18 && scale < 18) {
            // one more fraction digit: the unscaled value grows by a digit
            assertThat(parse(DataType.decimal(Math.max(digits, scale) + 1, scale + 1), formatted())).isTrue();
            assertThat(parser.longValue).isEqualTo(unscaled * 10);
        }
        if (digits > 1 && digits > scale) {
            assertThat(parse(DataType.decimal(digits - 1, Math.min(scale, digits - 1)), formatted())).isFalse();
        }
    }

    @Property(tries = 2000)
    void datesMatchJavaTime(@ForAll @IntRange(min = -3_000_000, max = 3_000_000) int days) {
        formatter.length = 0;
        formatter.appendDate(days);
        assertThat(formatted()).isEqualTo(LocalDate.ofEpochDay(days).toString());
        assertThat(parse(DataType.DATE, formatted())).isTrue();
        assertThat(parser.longValue).isEqualTo(days);
    }

    @Property(tries = 2000)
    void timestampsMatchJavaTime(@ForAll @LongRange(min = -(1L << 58), max = 1L << 58) long micros) {
        formatter.length = 0;
        formatter.appendTimestamp(micros);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC);
        assertThat(LocalDateTime.parse(formatted())).isEqualTo(t);
        assertThat(parse(DataType.TIMESTAMP, formatted())).isTrue();
        assertThat(parser.longValue).isEqualTo(micros);
        assertThat(parse(DataType.TIMESTAMP, formatted().replace('T', ' '))).isTrue();
        assertThat(parser.longValue).isEqualTo(micros);
    }

    @Property(tries = 5000)
    void utf8ValidationMatchesTheJdkDecoder(@ForAll byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        assertThat(FieldParser.isValidUtf8(bytes, 0, bytes.length)).isEqualTo(jdk);
    }

    @Property(tries = 1000)
    void validUtf8IsAccepted(@ForAll String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        boolean wellFormed = text.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
        assertThat(FieldParser.isValidUtf8(b, 0, b.length)).isEqualTo(wellFormed);
    }
}
