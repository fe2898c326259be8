package io.basalt.vectorops.sort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import io.basalt.vectorops.scalar.RadixSort;

/**
 * The radix core shared by both sort backends, at sizes above {@link RadixSort#CACHE_SORT_MAX}
 * where the MSD-then-LSD path (and its recursion into large buckets) runs: the contract tests'
 * batches are smaller. Checked against a stable boxed sort.
 */
class RadixSortTest {
    private final Random random = new Random(5);

    @Test
    void largeInputsOfManyDistributionsSortStably() {
        LongSupplier[] distributions = {
            random::nextLong,
            () -> random.nextInt(1 << 20),
            () -> random.nextInt(10) * 0x0101_0101_0101_0101L,
            () -> random.nextInt(10) == 0 ? random.nextLong() : 0x7F00_0000_0000_0000L | random.nextInt(300_000),
            () -> (long) random.nextInt(3) << 56 | random.nextInt(1000),
            () -> 42L,
        };
        for (int n : new int[] {RadixSort.CACHE_SORT_MAX + 1, 200_000}) {
            for (LongSupplier distribution : distributions) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = distribution.getAsLong();
                }
                assertSorts(keys, 0);
                assertSorts(keys, 3);
            }
        }
    }

    @Test
    void packedKeysWithoutPayloadSortByTheirHighHalf() {
        int n = 300_000;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) (random.nextInt(5000) * 7919) << 32 | i;
        }
        long[] expected = keys.clone();
        Arrays.sort(expected); // unique low halves: the full-word order is the stable order of the high halves
        int[] counts = new int[RadixSort.COUNTS_PER_WORD];
        RadixSort.histogramHigh(keys, n, counts);
        RadixSort.sort(keys, null, new long[n], null, n, 4, counts, 0);
        assertThat(keys).isEqualTo(expected);
    }

    /** Sorts by digits {@code loDigit..7}; the reference compares keys with the low digits cleared. */
    private static void assertSorts(long[] input, int loDigit) {
        int n = input.length;
        long mask = loDigit == 0 ? -1L : -1L << (loDigit * 8);
        Integer[] rows = new Integer[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        Arrays.sort(rows, Comparator.comparing((Integer r) -> input[r] & mask, Long::compareUnsigned));
        long[] keys = input.clone();
        int[] payload = new int[n];
        RadixSort.identity(payload, n);
        int[] counts = new int[RadixSort.COUNTS_PER_WORD];
        RadixSort.histogram(keys, 0, n, counts, 0);
        RadixSort.sort(keys, payload, new long[n], new int[n], n, loDigit, counts, 0);
        for (int i = 0; i < n; i++) {
            if (payload[i] != rows[i] || keys[i] != input[rows[i]]) {
                throw new AssertionError("position " + i + " of " + n + " (lo digit " + loDigit + "): row " + payload[i]
                        + " key " + Long.toHexString(keys[i]) + ", expected row " + rows[i] + " key " + Long.toHexString(input[rows[i]]));
            }
        }
    }
}
