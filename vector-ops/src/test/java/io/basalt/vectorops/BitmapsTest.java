package io.basalt.vectorops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BitmapsTest {
    @Test
    void wordsCopiesAndAndsMatchBitByBitReference() {
        Random random = new Random(1);
        try (Arena arena = Arena.ofConfined()) {
            for (int trial = 0; trial < 200; trial++) {
                int bits = random.nextInt(300);
                int offA = random.nextInt(20);
                int offB = random.nextInt(20);
                MemorySegment a = arena.allocate(Bitmaps.bytesFor(bits + offA) + 8);
                MemorySegment b = arena.allocate(Bitmaps.bytesFor(bits + offB) + 8);
                boolean[] ra = new boolean[bits];
                boolean[] rb = new boolean[bits];
                for (int i = 0; i < bits; i++) {
                    ra[i] = random.nextBoolean();
                    rb[i] = random.nextInt(4) != 0;
                    Bitmaps.set(a, offA + i, ra[i]);
                    Bitmaps.set(b, offB + i, rb[i]);
                }
                MemorySegment copy = arena.allocate(Bitmaps.bytesFor(bits) + 8);
                MemorySegment and = arena.allocate(Bitmaps.bytesFor(bits) + 8);
                Bitmaps.copy(a, offA, bits, copy);
                Bitmaps.and(a, offA, b, offB, bits, and);
                int expectedSet = 0;
                for (int i = 0; i < bits; i++) {
                    assertThat(Bitmaps.get(copy, i)).isEqualTo(ra[i]);
                    assertThat(Bitmaps.get(and, i)).isEqualTo(ra[i] && rb[i]);
                    expectedSet += ra[i] ? 1 : 0;
                }
                assertThat(Bitmaps.countSet(a, offA, bits)).isEqualTo(expectedSet);
                MemorySegment all = arena.allocate(Bitmaps.bytesFor(bits) + 8);
                Bitmaps.copy(null, 0, bits, all);
                assertThat(Bitmaps.countSet(all, 0, bits)).isEqualTo(bits);
            }
        }
    }
}
