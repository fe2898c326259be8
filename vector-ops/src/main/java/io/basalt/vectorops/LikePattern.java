package io.basalt.vectorops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL LIKE pattern compiled once into UTF-8 pieces for the filter kernels. {@code %} matches any
 * sequence of code points, {@code _} exactly one code point (1 to 4 bytes), everything else itself,
 * byte for byte (case-sensitive); an optional escape character makes the following {@code %},
 * {@code _} or escape character literal. Common shapes are recognised so kernels can use cheaper
 * loops: {@code abc} ({@link Kind#EXACT}), {@code abc%} ({@link Kind#PREFIX}), {@code %abc}
 * ({@link Kind#SUFFIX}), {@code %abc%} ({@link Kind#CONTAINS}), {@code %} ({@link Kind#ANY}); the
 * rest is {@link Kind#GENERAL}. Immutable and thread-safe.
 */
public final class LikePattern {
    /**
     * Stands for {@code _} inside {@link #segments()}: 0xFF never occurs in UTF-8, so it cannot be
     * confused with a literal byte of the pattern.
     */
    public static final byte ANY_CODE_POINT = (byte) 0xFF;

    /** The pattern's shape. */
    public enum Kind {
        /** No wildcard: the whole value equals {@link #literal()}. */
        EXACT,
        /** {@code literal%}. */
        PREFIX,
        /** {@code %literal}. */
        SUFFIX,
        /** {@code %literal%}. */
        CONTAINS,
        /** Only {@code %}: every non-null value. */
        ANY,
        /** Anything else, matched with {@link #segments()}. */
        GENERAL
    }

    private final String pattern;
    private final int escape;
    private final Kind kind;
    private final byte[][] segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private LikePattern(String pattern, int escape, byte[][] segments, boolean hasPercent, boolean hasUnderscore,
            boolean anchoredStart, boolean anchoredEnd) {
        this.pattern = pattern;
        this.escape = escape;
        this.segments = segments;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
        if (!hasPercent) {
            kind = hasUnderscore ? Kind.GENERAL : Kind.EXACT;
        } else if (segments.length == 0) {
            kind = Kind.ANY;
        } else if (segments.length > 1 || hasUnderscore) {
            kind = Kind.GENERAL;
        } else if (anchoredStart) {
            kind = Kind.PREFIX;
        } else {
            kind = anchoredEnd ? Kind.SUFFIX : Kind.CONTAINS;
        }
    }

    /** Compiles {@code pattern} without an escape character. */
    public static LikePattern compile(String pattern) {
        return compile(pattern, -1);
    }

    /**
     * Compiles {@code pattern} with escape character {@code escape} (SQL {@code ESCAPE 'c'}).
     *
     * @throws IllegalArgumentException if the escape character is {@code %} or {@code _}, or is not
     *     followed by {@code %}, {@code _} or itself
     */
    public static LikePattern compile(String pattern, char escape) {
        if (escape == '%' || escape == '_') {
            throw new IllegalArgumentException("LIKE escape character cannot be '" + escape + "'");
        }
        return compile(pattern, (int) escape);
    }

    private static LikePattern compile(String pattern, int escape) {
        List<byte[]> segments = new ArrayList<>();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        boolean hasPercent = false;
        boolean hasUnderscore = false;
        boolean anchoredStart = !pattern.startsWith("%");
        boolean endsWithPercent = false;
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            int at = i;
            i += Character.charCount(cp);
            endsWithPercent = false;
            if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT && Character.isSurrogate((char) cp)) {
                throw new IllegalArgumentException("LIKE pattern '" + pattern + "' has an unpaired UTF-16 surrogate at index " + at);
            }
            if (cp == escape) {
                if (i >= pattern.length()) {
                    throw new IllegalArgumentException("LIKE pattern '" + pattern + "' ends with the escape character");
                }
                int next = pattern.codePointAt(i);
                if (next != '%' && next != '_' && next != escape) {
                    throw new IllegalArgumentException("LIKE pattern '" + pattern + "': escape character at index " + at
                            + " must be followed by %, _ or itself");
                }
                i += Character.charCount(next);
                segment.writeBytes(Character.toString(next).getBytes(StandardCharsets.UTF_8));
            } else if (cp == '%') {
                hasPercent = true;
                endsWithPercent = true;
                if (segment.size() > 0) {
                    segments.add(segment.toByteArray());
                    segment.reset();
                }
            } else if (cp == '_') {
                hasUnderscore = true;
                segment.write(ANY_CODE_POINT);
            } else {
                segment.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
            }
        }
        if (segment.size() > 0 || !hasPercent) {
            segments.add(segment.toByteArray());
        }
        return new LikePattern(pattern, escape, segments.toArray(new byte[0][]), hasPercent, hasUnderscore,
                anchoredStart, !endsWithPercent);
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    public Kind kind() {
        return kind;
    }

    /** The UTF-8 literal of an EXACT, PREFIX, SUFFIX or CONTAINS pattern (a copy). */
    public byte[] literal() {
        if (kind == Kind.ANY || kind == Kind.GENERAL) {
            throw new IllegalStateException("A " + kind + " LIKE pattern has no single literal: " + this);
        }
        return segments[0].clone();
    }

    /**
     * The non-empty pieces between {@code %}s in order, as UTF-8 with {@link #ANY_CODE_POINT} for
     * each {@code _} (a copy). Without any {@code %} there is exactly one piece, possibly empty.
     */
    public byte[][] segments() {
        byte[][] copy = new byte[segments.length][];
        for (int s = 0; s < segments.length; s++) {
            copy[s] = segments[s].clone();
        }
        return copy;
    }

    /** Whether the first segment must match at the start of the value (no leading {@code %}). */
    public boolean anchoredStart() {
        return anchoredStart;
    }

    /** Whether the last segment must match at the end of the value (no trailing {@code %}). */
    public boolean anchoredEnd() {
        return anchoredEnd;
    }

    @Override
    public String toString() {
        return "LIKE '" + pattern + "'" + (escape < 0 ? "" : " ESCAPE '" + Character.toString(escape) + "'") + " (" + kind + ")";
    }
}
