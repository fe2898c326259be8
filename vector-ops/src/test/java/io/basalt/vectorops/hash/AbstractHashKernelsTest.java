package io.basalt.vectorops.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.HashKernels;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.scalar.ScalarHashKernels;

/**
 * The {@link HashKernels} contract, run once per backend: hashes must equal the specified function,
 * recomputed here independently from Java values; backends other than scalar must also equal the
 * scalar backend bit for bit.
 */
public abstract class AbstractHashKernelsTest {
    private static final DataType[] TYPES = {DataType.INT32, DataType.DATE, DataType.INT64, DataType.decimal(18, 2), DataType.TIMESTAMP,
        DataType.FLOAT32, DataType.FLOAT64, DataType.BOOLEAN, DataType.UTF8};

    private MemoryManager manager;
    private MemoryPool pool;
    private RandomColumns columns;
    private Random random;

    /** The backend under test. */
    protected abstract HashKernels kernels();

    /** Whether to also compare every result with the scalar backend. */
    protected boolean compareWithScalar() {
        return false;
    }

    @BeforeEach
    void setUp() {
        manager = MemoryManager.create(1L << 30);
        pool = manager.newPool("hash-test", 1L << 29);
        columns = new RandomColumns(pool, 42);
        random = columns.random();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        manager.close();
    }

    // ---- the reference, written from the specification in HashKernels ----

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    private static long hashKey(long key) {
        return mix(key ^ 0x9E3779B97F4A7C15L);
    }

    private static long combine(long h, long v) {
        return Long.rotateLeft(h * 0x9E3779B185EBCA87L, 31) ^ v;
    }

    private static long floatKey(double d) {
        if (Double.isNaN(d)) {
            return 0x7FF8000000000000L;
        }
        return d == 0.0 ? 0L : Double.doubleToLongBits(d);
    }

    /** XXH64, seed 0, over a byte array (little-endian lanes read through a ByteBuffer). */
    static long xxh64(byte[] input) {
        final long p1 = 0x9E3779B185EBCA87L;
        final long p2 = 0xC2B2AE3D27D4EB4FL;
        final long p3 = 0x165667B19E3779F9L;
        final long p4 = 0x85EBCA77C2B2AE63L;
        final long p5 = 0x27D4EB2F165667C5L;
        ByteBuffer buf = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        int len = input.length;
        int pos = 0;
        long h;
        if (len >= 32) {
            long[] v = {p1 + p2, p2, 0, -p1};
            while (pos + 32 <= len) {
                for (int lane = 0; lane < 4; lane++) {
                    v[lane] = Long.rotateLeft(v[lane] + buf.getLong(pos + 8 * lane) * p2, 31) * p1;
                }
                pos += 32;
            }
            h = Long.rotateLeft(v[0], 1) + Long.rotateLeft(v[1], 7) + Long.rotateLeft(v[2], 12) + Long.rotateLeft(v[3], 18);
            for (long lane : v) {
                h = (h ^ (Long.rotateLeft(lane * p2, 31) * p1)) * p1 + p4;
            }
        } else {
            h = p5;
        }
        h += len;
        while (pos + 8 <= len) {
            h ^= Long.rotateLeft(buf.getLong(pos) * p2, 31) * p1;
            h = Long.rotateLeft(h, 27) * p1 + p4;
            pos += 8;
        }
        if (pos + 4 <= len) {
            h ^= Integer.toUnsignedLong(buf.getInt(pos)) * p1;
            h = Long.rotateLeft(h, 23) * p2 + p3;
            pos += 4;
        }
        while (pos < len) {
            h ^= Byte.toUnsignedLong(input[pos++]) * p5;
            h = Long.rotateLeft(h, 11) * p1;
        }
        h ^= h >>> 33;
        h *= p2;
        h ^= h >>> 29;
        h *= p3;
        return h ^ (h >>> 32);
    }

    /** The specified hash of row {@code r} of column 0. */
    private static long expectedHash(Batch b, int r) {
        if (b.isNull(0, r)) {
            return HashKernels.NULL_HASH;
        }
        return switch (b.schema().field(0).type().kind()) {
            case INT32, DATE -> hashKey(b.getInt(0, r));
            case INT64, DECIMAL, TIMESTAMP -> hashKey(b.getLong(0, r));
            case FLOAT32 -> hashKey(floatKey(b.getFloat(0, r)));
            case FLOAT64 -> hashKey(floatKey(b.getDouble(0, r)));
            case BOOLEAN -> hashKey(b.getBoolean(0, r) ? 1 : 0);
            case UTF8 -> xxh64(b.getUtf8Bytes(0, r));
        };
    }

    // ---- harness ----

    private long[] hash(ColumnRef c, long[] initial, boolean combine) {
        long[] out = initial.clone();
        if (combine) {
            kernels().combine(c, out);
        } else {
            kernels().hash(c, out);
        }
        if (compareWithScalar()) {
            long[] ref = initial.clone();
            if (combine) {
                ScalarHashKernels.INSTANCE.combine(c, ref);
            } else {
                ScalarHashKernels.INSTANCE.hash(c, ref);
            }
            assertThat(out).as("vs scalar backend").isEqualTo(ref);
        }
        return out;
    }

    private long[] randomLongs(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextLong();
        }
        return a;
    }

    // ---- tests ----

    @Test
    void hashAndCombineMatchTheSpecifiedFunction() {
        int k = 0;
        for (int rows : RandomColumns.sizes()) {
            for (boolean odd : new boolean[] {false, true}) {
                double nulls = k++ % 3 == 0 ? 0.0 : 0.2;
                for (DataType type : TYPES) {
                    try (Batch b = columns.randomColumn(type, rows, nulls, odd)) {
                        ColumnRef c = ColumnRef.of(b, 0);
                        // one spare slot past the rows must stay untouched
                        long[] initial = randomLongs(rows + 1);
                        long[] hashed = hash(c, initial, false);
                        long[] combined = hash(c, initial, true);
                        for (int r = 0; r < rows; r++) {
                            long expected = expectedHash(b, r);
                            if (hashed[r] != expected || combined[r] != combine(initial[r], expected)) {
                                assertThat(hashed[r]).as("%s row %d value %s", type, r, b.getObject(0, r)).isEqualTo(expected);
                                assertThat(combined[r]).as("%s row %d combined", type, r).isEqualTo(combine(initial[r], expected));
                            }
                        }
                        assertThat(hashed[rows]).isEqualTo(initial[rows]);
                        assertThat(combined[rows]).isEqualTo(initial[rows]);
                    }
                }
            }
        }
    }

    @Test
    void xxh64MatchesPublishedTestVectors() {
        String[] inputs = {"", "a", "abc", "Nobody inspects the spammish repetition"};
        long[] expected = {0xEF46DB3751D8E999L, 0xD24EC4F1A98C6E5BL, 0x44BC2CF5AD770999L, 0xFBCEA83C8A378BF1L};
        try (Batch b = columns.column(DataType.UTF8, inputs.length, true, r -> inputs[r])) {
            long[] out = hash(ColumnRef.of(b, 0), new long[inputs.length], false);
            for (int i = 0; i < inputs.length; i++) {
                assertThat(xxh64(inputs[i].getBytes(StandardCharsets.UTF_8))).as("test reference on '%s'", inputs[i]).isEqualTo(expected[i]);
                assertThat(out[i]).as("'%s'", inputs[i]).isEqualTo(expected[i]);
            }
        }
        // every tail length (8-, 4- and 1-byte steps, one and more 32-byte stripes)
        byte[] bytes = new byte[200];
        random.nextBytes(bytes);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(bytes.length + 7);
            MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 7, bytes.length);
            for (int len = 0; len <= 130; len++) {
                assertThat(ScalarHashKernels.xxh64(seg, 7, len)).as("length %d", len).isEqualTo(xxh64(Arrays.copyOf(bytes, len)));
            }
        }
    }

    @Test
    void equalSqlValuesHashEqually() {
        try (Arena arena = Arena.ofConfined()) {
            long[] nanBits = {0x7FF8000000000000L, 0xFFF8000000000000L, 0x7FF0000000000001L, 0x7FFFFFFFFFFFFFFFL, 0xFFF0000000000123L};
            MemorySegment doubles = arena.allocate(8L * (nanBits.length + 2));
            for (int i = 0; i < nanBits.length; i++) {
                doubles.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, nanBits[i]);
            }
            doubles.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, nanBits.length, 0.0);
            doubles.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, nanBits.length + 1, -0.0);
            long[] h = hash(ColumnRef.of(DataType.FLOAT64, doubles, nanBits.length + 2), new long[nanBits.length + 2], false);
            for (int i = 1; i < nanBits.length; i++) {
                assertThat(h[i]).as("NaN payload %x", nanBits[i]).isEqualTo(h[0]);
            }
            assertThat(h[nanBits.length + 1]).as("-0.0").isEqualTo(h[nanBits.length]);

            int[] floatBits = {0x7FC00000, 0xFFC00000, 0x7F800001, Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(0.0f),
                Float.floatToRawIntBits(1.5f)};
            MemorySegment floats = arena.allocate(4L * floatBits.length);
            for (int i = 0; i < floatBits.length; i++) {
                floats.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, floatBits[i]);
            }
            long[] f = hash(ColumnRef.of(DataType.FLOAT32, floats, floatBits.length), new long[floatBits.length], false);
            assertThat(f[1]).isEqualTo(f[0]);
            assertThat(f[2]).isEqualTo(f[0]);
            assertThat(f[0]).as("float32 NaN = float64 NaN").isEqualTo(h[0]);
            assertThat(f[3]).as("float32 -0.0 = 0.0").isEqualTo(f[4]).isEqualTo(h[nanBits.length]);
            doubles.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, 1.5);
            assertThat(hash(ColumnRef.of(DataType.FLOAT64, doubles, 1), new long[1], false)[0]).as("1.5f = 1.5d").isEqualTo(f[5]);

            MemorySegment ints = arena.allocate(4L * 3);
            MemorySegment longs = arena.allocate(8L * 3);
            int[] values = {-5, 0, Integer.MAX_VALUE};
            for (int i = 0; i < 3; i++) {
                ints.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, values[i]);
                longs.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, values[i]);
            }
            long[] hi = hash(ColumnRef.of(DataType.INT32, ints, 3), new long[3], false);
            assertThat(hash(ColumnRef.of(DataType.INT64, longs, 3), new long[3], false)).as("int32 = int64").isEqualTo(hi);
            assertThat(hash(ColumnRef.of(DataType.DATE, ints, 3), new long[3], false)).as("date = int32 days").isEqualTo(hi);
            assertThat(hi[1]).as("zero does not hash to zero").isNotZero();
        }
    }

    @Test
    void multiColumnKeysCombineInOrder() {
        int rows = 1000;
        try (Batch a = columns.randomColumn(DataType.INT64, rows, 0.1, true);
                Batch b = columns.randomColumn(DataType.UTF8, rows, 0.1, false)) {
            long[] ab = hash(ColumnRef.of(a, 0), new long[rows], false);
            kernels().combine(ColumnRef.of(b, 0), ab);
            long[] ba = hash(ColumnRef.of(b, 0), new long[rows], false);
            kernels().combine(ColumnRef.of(a, 0), ba);
            for (int r = 0; r < rows; r++) {
                assertThat(ab[r]).isEqualTo(combine(expectedHash(a, r), expectedHash(b, r)));
                if (!a.isNull(0, r) || !b.isNull(0, r)) {
                    assertThat(ab[r]).as("order matters").isNotEqualTo(ba[r]);
                }
            }
        }
    }

    @Test
    void sequentialKeysSpreadEvenlyOverLowAndHighBits() {
        int rows = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ints = arena.allocate(4L * rows);
            for (int i = 0; i < rows; i++) {
                ints.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, i);
            }
            long[] h = hash(ColumnRef.of(DataType.INT32, ints, rows), new long[rows], false);
            for (int shift : new int[] {0, 54}) {
                int[] buckets = new int[1024];
                for (long x : h) {
                    buckets[(int) ((x >>> shift) & 1023)]++;
                }
                double expected = rows / 1024.0;
                double chi2 = 0;
                for (int count : buckets) {
                    chi2 += (count - expected) * (count - expected) / expected;
                }
                // 1023 degrees of freedom: mean 1023, standard deviation about 45
                assertThat(chi2).as("chi-square of bits %d..%d", shift, shift + 9).isLessThan(1023 + 6 * 45);
            }
        }
    }

    @Test
    void outputMustHoldEveryRow() {
        try (Batch b = columns.randomColumn(DataType.INT64, 10, 0, false)) {
            assertThatThrownBy(() -> kernels().hash(ColumnRef.of(b, 0), new long[9]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
            assertThatThrownBy(() -> kernels().combine(ColumnRef.of(b, 0), new long[9]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        }
    }
}
