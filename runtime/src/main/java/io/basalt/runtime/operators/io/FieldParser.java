package io.basalt.runtime.operators.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.basalt.data.DataType;

/**
 * Parses field text (UTF-8 bytes) into the stored form of a column value: booleans, ints, days and
 * microseconds, unscaled decimals go to {@link #longValue}, floats to {@link #doubleValue}. Common
 * forms are parsed straight from the bytes; unusual ones (long float mantissas, hex floats, years
 * beyond 0000-9999, exponents in decimals) fall back to the JDK parsers. A failed parse returns
 * false and may leave a detail in {@link #problem}. Used by one thread; no allocation on the fast paths.
 */
final class FieldParser {
    private static final long[] LONG_POWERS = new long[19];
    private static final double[] DOUBLE_POWERS = new double[23];
    private static final float[] FLOAT_POWERS = new float[11];
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    static {
        LONG_POWERS[0] = 1;
        for (int i = 1; i < LONG_POWERS.length; i++) {
            LONG_POWERS[i] = LONG_POWERS[i - 1] * 10;
        }
        for (int i = 0; i < DOUBLE_POWERS.length; i++) {
            DOUBLE_POWERS[i] = Double.parseDouble("1e" + i);
        }
        for (int i = 0; i < FLOAT_POWERS.length; i++) {
            FLOAT_POWERS[i] = Float.parseFloat("1e" + i);
        }
    }

    long longValue;
    double doubleValue;
    /** Why the last parse failed, when there is more to say than "cannot parse"; else null. */
    String problem;

    /** Parses a non-empty field of a non-string type. */
    boolean parse(DataType type, byte[] b, int from, int to) {
        problem = null;
        return switch (type.kind()) {
            case BOOLEAN -> parseBoolean(b, from, to);
            case INT32 -> parseLong(b, from, to) && checkInt();
            case INT64 -> parseLong(b, from, to);
            case FLOAT32 -> parseFloat(b, from, to);
            case FLOAT64 -> parseDouble(b, from, to);
            case DECIMAL -> parseDecimal(b, from, to, type.precision(), type.scale());
            case DATE -> parseDate(b, from, to);
            case TIMESTAMP -> parseTimestamp(b, from, to);
            case UTF8 -> throw new IllegalArgumentException("utf8 fields are not parsed");
        };
    }

    private boolean parseBoolean(byte[] b, int from, int to) {
        if (equalsIgnoreCase(b, from, to, "true")) {
            longValue = 1;
            return true;
        }
        if (equalsIgnoreCase(b, from, to, "false")) {
            longValue = 0;
            return true;
        }
        return false;
    }

    private boolean checkInt() {
        if (longValue != (int) longValue) {
            problem = "out of range for int32";
            return false;
        }
        return true;
    }

    /** Decimal integer with an optional sign; accumulates negatively so Long.MIN_VALUE parses. */
    private boolean parseLong(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        if (i == to) {
            return false;
        }
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long acc = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (acc < (limit + d) / 10 || acc * 10 < limit + d) {
                problem = "out of range for int64";
                return false;
            }
            acc = acc * 10 - d;
        }
        longValue = negative ? acc : -acc;
        return true;
    }

    private boolean parseDouble(byte[] b, int from, int to) {
        if (fastDecimal(b, from, to) && mantissa < (1L << 53) && exponent >= -22 && exponent <= 22) {
            double v = exponent >= 0 ? mantissa * DOUBLE_POWERS[exponent] : mantissa / DOUBLE_POWERS[-exponent];
            doubleValue = negativeNumber ? -v : v;
            return true;
        }
        if (!javaFloatSyntax(b, from, to)) {
            return false;
        }
        try {
            doubleValue = Double.parseDouble(ascii(b, from, to));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean parseFloat(byte[] b, int from, int to) {
        if (fastDecimal(b, from, to) && mantissa < (1L << 24) && exponent >= -10 && exponent <= 10) {
            float m = mantissa;
            float v = exponent >= 0 ? m * FLOAT_POWERS[exponent] : m / FLOAT_POWERS[-exponent];
            doubleValue = negativeNumber ? -v : v;
            return true;
        }
        if (!javaFloatSyntax(b, from, to)) {
            return false;
        }
        try {
            doubleValue = Float.parseFloat(ascii(b, from, to));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // Result of fastDecimal: value = (negativeNumber ? -1 : 1) * mantissa * 10^exponent.
    private long mantissa;
    private int exponent;
    private boolean negativeNumber;

    /** [sign] digits [. digits] [e [sign] digits] with at most 18 significant digits; false = use the slow path. */
    private boolean fastDecimal(byte[] b, int from, int to) {
        int i = from;
        negativeNumber = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negativeNumber = b[i] == '-';
            i++;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        int significant = 0;
        boolean point = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (m != 0 || c != '0') {
                    if (++significant > 18) {
                        return false;
                    }
                }
                m = m * 10 + (c - '0');
                if (point) {
                    scale++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return false;
        }
        int exp = 0;
        if (i < to) {
            if (b[i] != 'e' && b[i] != 'E') {
                return false;
            }
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i == to || to - i > 4) {
                return false;
            }
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return false;
                }
                exp = exp * 10 + d;
            }
            exp = expNegative ? -exp : exp;
        }
        mantissa = m;
        exponent = m == 0 ? 0 : exp - scale;
        return true;
    }

    /** Rejects what Java's float parsers accept but a CSV field should not: surrounding whitespace. */
    private static boolean javaFloatSyntax(byte[] b, int from, int to) {
        return to > from && (b[from] & 0xFF) > ' ' && (b[to - 1] & 0xFF) > ' ';
    }

    /** Plain decimal notation, exact: extra fraction digits must be zeros and the value must fit the precision. */
    private boolean parseDecimal(byte[] b, int from, int to, int precision, int scale) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long acc = 0;
        int digits = 0;
        int fraction = 0;
        boolean point = false;
        boolean tooLarge = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (point && ++fraction > scale) {
                    if (c != '0' && problem == null) {
                        problem = "more than " + scale + " fraction digits";
                    }
                    continue;
                }
                if (acc >= LONG_POWERS[18]) {
                    tooLarge = true; // acc >= 10^18 exceeds any precision; keep checking the syntax
                } else {
                    acc = acc * 10 + (c - '0');
                }
            } else if (c == '.' && !point) {
                point = true;
            } else if ((c == 'e' || c == 'E') && digits > 0) {
                problem = null;
                return parseDecimalSlow(b, from, to, precision, scale);
            } else {
                problem = null;
                return false;
            }
        }
        if (digits == 0 || problem != null) {
            return false;
        }
        long factor = LONG_POWERS[scale - Math.min(fraction, scale)];
        if (tooLarge || acc > (LONG_POWERS[precision] - 1) / factor) {
            problem = "more than " + precision + " digits";
            return false;
        }
        longValue = negative ? -acc * factor : acc * factor;
        return true;
    }

    private boolean parseDecimalSlow(byte[] b, int from, int to, int precision, int scale) {
        try {
            long unscaled = new BigDecimal(ascii(b, from, to)).setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
            if (Math.abs(unscaled) >= LONG_POWERS[precision]) {
                problem = "more than " + precision + " digits";
                return false;
            }
            longValue = unscaled;
            return true;
        } catch (ArithmeticException e) {
            problem = "does not fit without rounding";
            return false;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean parseDate(byte[] b, int from, int to) {
        if (to - from == 10 && b[from + 4] == '-' && b[from + 7] == '-') {
            int y = digits(b, from, 4);
            int m = digits(b, from + 5, 2);
            int d = digits(b, from + 8, 2);
            if (y < 0 || m < 1 || m > 12 || d < 1 || d > lengthOfMonth(y, m)) {
                return false;
            }
            longValue = daysFromCivil(y, m, d);
            return true;
        }
        if (to - from <= 10) {
            return false;
        }
        try {
            longValue = LocalDate.parse(ascii(b, from, to)).toEpochDay();
        } catch (DateTimeParseException e) {
            return false;
        }
        if (longValue != (int) longValue) {
            problem = "out of range for date";
            return false;
        }
        return true;
    }

    /** yyyy-MM-dd('T'|' ')HH:mm[:ss[.fraction]], at most microseconds. */
    private boolean parseTimestamp(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 16 || (b[from + 10] != 'T' && b[from + 10] != ' ') || !parseDate(b, from, from + 10)) {
            return parseTimestampSlow(b, from, to); // extended years such as +10000-01-01T00:00
        }
        long days = longValue;
        int i = from + 11;
        int hour = digits(b, i, 2);
        int minute = b[i + 2] == ':' ? digits(b, i + 3, 2) : -1;
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return false;
        }
        i += 5;
        int second = 0;
        long micros = 0;
        if (i < to) {
            if (b[i] != ':' || i + 3 > to) {
                return false;
            }
            second = digits(b, i + 1, 2);
            if (second < 0 || second > 59) {
                return false;
            }
            i += 3;
            if (i < to) {
                if (b[i] != '.' || i + 1 == to || to - i - 1 > 9) {
                    return false;
                }
                int k = 0;
                for (i++; i < to; i++, k++) {
                    int d = b[i] - '0';
                    if (d < 0 || d > 9) {
                        return false;
                    }
                    if (k < 6) {
                        micros = micros * 10 + d;
                    } else if (d != 0) {
                        problem = "sub-microsecond precision";
                        return false;
                    }
                }
                for (; k < 6; k++) {
                    micros *= 10;
                }
            }
        }
        longValue = days * MICROS_PER_DAY + (hour * 3600L + minute * 60L + second) * 1_000_000L + micros;
        return true;
    }

    private boolean parseTimestampSlow(byte[] b, int from, int to) {
        String text = ascii(b, from, to).replace(' ', 'T');
        try {
            LocalDateTime t = LocalDateTime.parse(text);
            if (t.getNano() % 1000 != 0) {
                problem = "sub-microsecond precision";
                return false;
            }
            longValue = Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        } catch (ArithmeticException e) {
            problem = "out of range for timestamp";
            return false;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long daysFromCivil(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The value of {@code count} ASCII digits, or -1 if any is not a digit. */
    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((b[from + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** True when {@code b[from, to)} is well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF). */
    static boolean isValidUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}
