package io.basalt.data;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between java.time values and the stored day / microsecond counts. Stateless. */
final class Temporal {
    private Temporal() {}

    static long toMicros(LocalDateTime t) {
        return toMicros(t.toInstant(ZoneOffset.UTC));
    }

    /** @throws ArithmeticException if the instant does not fit a microsecond count in a long */
    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static LocalDateTime microsToLocalDateTime(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1_000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }
}
