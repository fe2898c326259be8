package io.basalt.memory;

import java.util.Locale;

/** Parses and formats byte quantities such as {@code 64m}, {@code 1.5g}, {@code 512KiB}. Stateless. */
public final class ByteSize {
    private ByteSize() {}

    /**
     * Parses a size: a number with an optional unit {@code b, k, kb, kib, m, mb, mib, g, gb, gib, t, tb, tib}
     * (all binary multiples, case-insensitive).
     *
     * @throws IllegalArgumentException naming the text when it is not a size
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Empty memory size: expected a number with an optional unit such as 512m or 2g");
        }
        String s = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String number = s.substring(0, i);
        String unit = s.substring(i).trim();
        long multiplier = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("Invalid memory size '" + text + "': unknown unit '" + unit
                    + "' (use b, k, m, g or t)");
        };
        try {
            double value = Double.parseDouble(number);
            double bytes = value * multiplier;
            if (bytes > Long.MAX_VALUE || value < 0) {
                throw new IllegalArgumentException("Invalid memory size '" + text + "': out of range");
            }
            return (long) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid memory size '" + text + "': expected a number with an optional unit such as 512m or 2g");
        }
    }

    /** Formats bytes for humans, for example {@code 1.5 MiB (1572864 bytes)} or {@code 12 bytes}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], bytes);
    }
}
