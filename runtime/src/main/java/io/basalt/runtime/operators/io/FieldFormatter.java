package io.basalt.runtime.operators.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.LocalDate;
import java.util.Arrays;

import io.basalt.data.Batch;
import io.basalt.data.DataType;

/**
 * Writes one non-null value as text into {@link #bytes}{@code [0, length)}, in the forms
 * {@link CsvSource} parses: {@code true}/{@code false}, decimal integers, Java's shortest float
 * text ({@link Double#toString}), decimals in plain notation with exactly their scale, ISO dates
 * and {@code yyyy-MM-ddTHH:mm:ss[.fff|.ffffff]} timestamps, utf8 bytes as stored. Only floats and
 * years outside 0000-9999 allocate. Used by one thread.
 */
final class FieldFormatter {
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    byte[] bytes = new byte[64];
    int length;

    /** Formats the value at {@code (column, row)}, which must not be null. */
    void format(Batch batch, int column, int row, DataType type) {
        length = 0;
        switch (type.kind()) {
            case BOOLEAN -> append(batch.getBoolean(column, row) ? TRUE : FALSE);
            case INT32 -> appendLong(batch.getInt(column, row));
            case INT64 -> appendLong(batch.getLong(column, row));
            case FLOAT32 -> appendAscii(Float.toString(batch.getFloat(column, row)));
            case FLOAT64 -> appendAscii(Double.toString(batch.getDouble(column, row)));
            case DECIMAL -> appendDecimal(batch.getLong(column, row), type.scale());
            case DATE -> appendDate(batch.getInt(column, row));
            case TIMESTAMP -> appendTimestamp(batch.getLong(column, row));
            case UTF8 -> appendUtf8(batch, column, row);
        }
    }

    /** Sets the text to a string's UTF-8 bytes. */
    void text(String s) {
        length = 0;
        append(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void appendUtf8(Batch batch, int column, int row) {
        long bufferRow = (long) batch.offset() + row;
        MemorySegment offsets = batch.offsets(column);
        int start = offsets.get(ValueLayout.JAVA_INT_UNALIGNED, bufferRow * 4);
        int end = offsets.get(ValueLayout.JAVA_INT_UNALIGNED, bufferRow * 4 + 4);
        int n = end - start;
        ensure(n);
        if (n > 0) {
            MemorySegment.copy(batch.data(column), ValueLayout.JAVA_BYTE, start, bytes, 0, n);
        }
        length = n;
    }

    void appendLong(long v) {
        ensure(length + 20);
        if (v == Long.MIN_VALUE) {
            appendAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        appendDigits(v, digitCount(v));
    }

    /** Writes {@code v >= 0} as exactly {@code width} digits (zero-padded). */
    private void appendDigits(long v, int width) {
        ensure(length + width);
        for (int p = length + width - 1; p >= length; p--) {
            bytes[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += width;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    void appendDecimal(long unscaled, int scale) {
        ensure(length + 22);
        if (unscaled < 0) {
            bytes[length++] = '-';
            unscaled = -unscaled; // |unscaled| < 10^18, so no overflow
        }
        if (scale == 0) {
            appendDigits(unscaled, digitCount(unscaled));
            return;
        }
        int digits = Math.max(digitCount(unscaled), scale + 1);
        appendDigits(unscaled, digits);
        System.arraycopy(bytes, length - scale, bytes, length - scale + 1, scale);
        bytes[length - scale] = '.';
        length++;
    }

    void appendDate(int days) {
        // H. Hinnant's civil_from_days
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            appendAscii(LocalDate.ofEpochDay(days).toString());
            return;
        }
        appendDigits(year, 4);
        append((byte) '-');
        appendDigits(month, 2);
        append((byte) '-');
        appendDigits(day, 2);
    }

    void appendTimestamp(long micros) {
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long time = Math.floorMod(micros, MICROS_PER_DAY);
        appendDate((int) days);
        long seconds = time / 1_000_000;
        long fraction = time % 1_000_000;
        append((byte) 'T');
        appendDigits(seconds / 3600, 2);
        append((byte) ':');
        appendDigits(seconds / 60 % 60, 2);
        append((byte) ':');
        appendDigits(seconds % 60, 2);
        if (fraction != 0) {
            append((byte) '.');
            if (fraction % 1000 == 0) {
                appendDigits(fraction / 1000, 3);
            } else {
                appendDigits(fraction, 6);
            }
        }
    }

    private void append(byte b) {
        ensure(length + 1);
        bytes[length++] = b;
    }

    private void append(byte[] b) {
        ensure(length + b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    void appendAscii(String s) {
        ensure(length + s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
