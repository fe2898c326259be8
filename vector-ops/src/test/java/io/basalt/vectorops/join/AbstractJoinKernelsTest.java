package io.basalt.vectorops.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.memory.MemoryLimitExceededException;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.JoinHashTable;
import io.basalt.vectorops.JoinKernels;
import io.basalt.vectorops.JoinProbeCursor;
import io.basalt.vectorops.JoinType;
import io.basalt.vectorops.RandomColumns;
import io.basalt.vectorops.RandomKeys;

/**
 * Contract tests of {@link JoinKernels}, run once per backend: every join type's pairs, in order,
 * against a reference over Java key objects, on random build and probe batches (duplicates, NULL
 * keys, odd offsets, every size of {@link RandomColumns#sizes()}) and output capacities down to one
 * pair per call; plus match tracking, memory limits and misuse.
 */
abstract class AbstractJoinKernelsTest {
    private MemoryManager manager;
    protected MemoryPool pool;
    protected RandomColumns columns;
    protected RandomKeys keys;

    protected abstract JoinKernels kernels();

    @BeforeEach
    void setUpPool() {
        manager = MemoryManager.create(1L << 30);
        pool = manager.newPool("test", 512L << 20);
        columns = new RandomColumns(pool, 77);
        keys = new RandomKeys(columns);
    }

    @AfterEach
    void closePool() {
        pool.close();
        manager.close();
    }

    /** A (probe row, build row) pair. */
    record Pair(int probe, int build) {}

    static Stream<List<DataType>> keyTypes() {
        return Stream.of(List.of(DataType.INT64), List.of(DataType.INT32), List.of(DataType.UTF8),
                List.of(DataType.INT64, DataType.UTF8), List.of(DataType.DATE, DataType.decimal(10, 2)));
    }

    @ParameterizedTest
    @MethodSource("keyTypes")
    void probesEmitReferencePairsInOrder(List<DataType> types) {
        for (int variant = 0; variant < 2; variant++) {
            // Variant 0: few keys with about 8 build rows each, NULLs; 1: about 3 build rows per key, no NULLs.
            int[] buildSizes = variant == 0 ? new int[] {0, 1, 20, 35} : new int[] {0, 1, 700, 5000};
            boolean odd = variant == 1;
            double nulls = variant == 0 ? 0.05 : 0;
            List<Object[]> keyPool = keys.pool(types, variant == 0 ? 7 : 2000);
            List<Batch> build = new ArrayList<>();
            try (JoinHashTable table = new JoinHashTable(types, pool, 16)) {
                Map<List<Object>, List<Integer>> reference = new HashMap<>();
                int rowId = 0;
                for (int size : buildSizes) {
                    Batch batch = keys.batch(types, size, odd, keyPool, 0.9, nulls);
                    build.add(batch);
                    assertThat(kernels().build(table, RandomKeys.refs(batch))).isEqualTo(rowId);
                    for (int r = 0; r < size; r++, rowId++) {
                        List<Object> key = RandomKeys.key(batch, r);
                        if (!key.contains(null)) {
                            reference.computeIfAbsent(key, k -> new ArrayList<>()).add(rowId);
                        }
                    }
                }
                table.seal();
                assertThat(table.rowCount()).isEqualTo(rowId);
                assertThat(table.distinctKeys()).isEqualTo(reference.size());
                table.trackMatches();
                BitSet matched = new BitSet();
                for (int size : RandomColumns.sizes()) {
                    try (Batch probe = keys.batch(types, size, !odd, keyPool, 0.7, nulls)) {
                        List<List<Integer>> matches = matches(reference, probe);
                        for (JoinType type : JoinType.values()) {
                            List<Pair> expected = expected(matches, type);
                            for (int capacity : new int[] {1, 7, 100_000}) {
                                if (capacity < 100_000 && size > 5000 || capacity == 1 && size > 1000) {
                                    continue;
                                }
                                assertThat(probeAll(table, type, probe, capacity))
                                        .as("%s join of %d probe rows, %d pairs per call", type, size, capacity)
                                        .isEqualTo(expected);
                            }
                            if (type == JoinType.INNER) {
                                expected.forEach(p -> matched.set(p.build()));
                            }
                        }
                    }
                }
                for (int b = 0; b < table.rowCount(); b++) {
                    assertThat(table.isMatched(b)).as("build row %d matched", b).isEqualTo(matched.get(b));
                }
                assertThat(table.memoryUsed()).isPositive().isLessThanOrEqualTo(pool.used());
            } finally {
                build.forEach(Batch::close);
            }
        }
    }

    /** All pairs of one probe batch, collected over as many calls as the capacity needs. */
    List<Pair> probeAll(JoinHashTable table, JoinType type, Batch probe, int capacity) {
        JoinProbeCursor cursor = new JoinProbeCursor();
        ColumnRef[] refs = RandomKeys.refs(probe);
        int[] probeRows = new int[capacity];
        int[] buildRows = type == JoinType.SEMI || type == JoinType.ANTI ? null : new int[capacity];
        List<Pair> pairs = new ArrayList<>();
        do {
            int n = kernels().probe(table, type, refs, cursor, probeRows, buildRows);
            assertThat(n).isBetween(cursor.isDone() ? 0 : 1, capacity);
            for (int i = 0; i < n; i++) {
                pairs.add(new Pair(probeRows[i], buildRows == null ? -1 : buildRows[i]));
            }
        } while (!cursor.isDone());
        assertThat(kernels().probe(table, type, refs, cursor, probeRows, buildRows)).isZero();
        return pairs;
    }

    /** The build rows matching each probe row, ascending (none for a NULL in the key). */
    static List<List<Integer>> matches(Map<List<Object>, List<Integer>> reference, Batch probe) {
        List<List<Integer>> matches = new ArrayList<>(probe.rowCount());
        for (int r = 0; r < probe.rowCount(); r++) {
            List<Object> key = RandomKeys.key(probe, r);
            matches.add(key.contains(null) ? List.of() : reference.getOrDefault(key, List.of()));
        }
        return matches;
    }

    static List<Pair> expected(Map<List<Object>, List<Integer>> reference, Batch probe, JoinType type) {
        return expected(matches(reference, probe), type);
    }

    static List<Pair> expected(List<List<Integer>> matches, JoinType type) {
        List<Pair> pairs = new ArrayList<>();
        for (int r = 0; r < matches.size(); r++) {
            List<Integer> m = matches.get(r);
            switch (type) {
                case INNER -> {
                    for (int b : m) {
                        pairs.add(new Pair(r, b));
                    }
                }
                case LEFT -> {
                    if (m.isEmpty()) {
                        pairs.add(new Pair(r, -1));
                    } else {
                        for (int b : m) {
                            pairs.add(new Pair(r, b));
                        }
                    }
                }
                case SEMI -> {
                    if (!m.isEmpty()) {
                        pairs.add(new Pair(r, -1));
                    }
                }
                case ANTI -> {
                    if (m.isEmpty()) {
                        pairs.add(new Pair(r, -1));
                    }
                }
            }
        }
        return pairs;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void uniqueBuildKeysTakeTheDirectPath(boolean withNulls) {
        int buildRows = 3000;
        try (JoinHashTable table = new JoinHashTable(List.of(DataType.INT64), pool, 16);
                Batch build = columns.column(DataType.INT64, buildRows, true,
                        r -> withNulls && r % 10 == 3 ? null : (long) r * 7919 - 50_000)) {
            kernels().build(table, RandomKeys.refs(build));
            table.seal();
            table.trackMatches();
            assertThat(table.hasUniqueKeys()).isTrue();
            assertThat(table.rowsAreEntries()).isEqualTo(!withNulls);
            Map<List<Object>, List<Integer>> reference = new HashMap<>();
            for (int r = 0; r < buildRows; r++) {
                List<Object> key = RandomKeys.key(build, r);
                if (!key.contains(null)) {
                    reference.put(key, List.of(r));
                }
            }
            BitSet matched = new BitSet();
            for (int size : new int[] {1, 17, 4099}) {
                try (Batch probe = columns.column(DataType.INT64, size, false, r -> columns.random().nextInt(8) == 0 ? null
                        : (long) columns.random().nextInt(buildRows + 500) * 7919 - 50_000)) {
                    List<List<Integer>> matches = matches(reference, probe);
                    for (JoinType type : JoinType.values()) {
                        for (int capacity : new int[] {1, 100_000}) {
                            assertThat(probeAll(table, type, probe, capacity)).as("%s, %d per call", type, capacity)
                                    .isEqualTo(expected(matches, type));
                        }
                    }
                    expected(matches, JoinType.INNER).forEach(p -> matched.set(p.build()));
                }
            }
            for (int b = 0; b < buildRows; b++) {
                assertThat(table.isMatched(b)).isEqualTo(matched.get(b));
            }
        }
    }

    @Test
    void cursorResumesInsideOneProbeRowsMatches() {
        List<DataType> types = List.of(DataType.INT64);
        try (JoinHashTable table = new JoinHashTable(types, pool, 4);
                Batch build = columns.column(DataType.INT64, 10, false, r -> r < 7 ? 5L : (long) r);
                Batch probe = columns.column(DataType.INT64, 4, true, r -> new Long[] {9L, 5L, null, 8L}[r])) {
            kernels().build(table, RandomKeys.refs(build));
            table.seal();
            JoinProbeCursor cursor = new JoinProbeCursor();
            int[] p = new int[4];
            int[] b = new int[4];
            ColumnRef[] refs = RandomKeys.refs(probe);
            assertThat(kernels().probe(table, JoinType.LEFT, refs, cursor, p, b)).isEqualTo(4);
            assertThat(p).containsExactly(0, 1, 1, 1);
            assertThat(b).containsExactly(9, 0, 1, 2);
            assertThat(kernels().probe(table, JoinType.LEFT, refs, cursor, p, b)).isEqualTo(4);
            assertThat(p).containsExactly(1, 1, 1, 1);
            assertThat(b).containsExactly(3, 4, 5, 6);
            assertThat(cursor.isDone()).isFalse();
            assertThat(kernels().probe(table, JoinType.LEFT, refs, cursor, p, b)).isEqualTo(2);
            assertThat(p).startsWith(2, 3);
            assertThat(b).startsWith(-1, 8);
            assertThat(cursor.isDone()).isTrue();
            cursor.reset();
            assertThat(kernels().probe(table, JoinType.ANTI, refs, cursor, p, null)).isEqualTo(1);
            assertThat(p[0]).as("NULL probe keys are unmatched: NOT EXISTS").isEqualTo(2);
        }
    }

    @Test
    void nullBuildKeysNeverMatchButKeepTheirRowIds() {
        List<DataType> types = List.of(DataType.INT32, DataType.UTF8);
        try (JoinHashTable table = new JoinHashTable(types, pool, 4);
                Batch build = columns.columns(io.basalt.data.Schema.of(io.basalt.data.Field.nullable("a", DataType.INT32),
                        io.basalt.data.Field.nullable("b", DataType.UTF8)), 4, true,
                        r -> new Object[][] {{1, "x"}, {null, "x"}, {1, null}, {1, "x"}}[r]);
                Batch probe = columns.columns(build.schema(), 3, false, r -> new Object[][] {{1, "x"}, {null, "x"}, {1, null}}[r])) {
            kernels().build(table, RandomKeys.refs(build));
            table.seal();
            table.trackMatches();
            assertThat(table.rowCount()).isEqualTo(4);
            assertThat(table.distinctKeys()).isEqualTo(1);
            assertThat(probeAll(table, JoinType.INNER, probe, 10)).containsExactly(new Pair(0, 0), new Pair(0, 3));
            assertThat(probeAll(table, JoinType.ANTI, probe, 10)).containsExactly(new Pair(1, -1), new Pair(2, -1));
            assertThat(table.isMatched(0)).isTrue();
            assertThat(table.isMatched(1)).isFalse();
            assertThat(table.isMatched(2)).isFalse();
            assertThat(table.isMatched(3)).isTrue();
        }
    }

    @Test
    void buildStaysConsistentWhenTheMemoryLimitIsHit() {
        MemoryPool small = pool.newChild("small", 512 << 10);
        List<DataType> types = List.of(DataType.INT64);
        List<Batch> batches = new ArrayList<>();
        JoinHashTable table = new JoinHashTable(types, small, 16);
        try {
            Map<List<Object>, List<Integer>> reference = new HashMap<>();
            int added = 0;
            boolean limitHit = false;
            for (int i = 0; i < 100 && !limitHit; i++) {
                Batch batch = keys.batch(types, 4096, false, List.of(), 0, 0.01);
                batches.add(batch);
                try {
                    kernels().build(table, RandomKeys.refs(batch));
                } catch (MemoryLimitExceededException e) {
                    limitHit = true;
                    continue;
                }
                for (int r = 0; r < 4096; r++, added++) {
                    List<Object> key = RandomKeys.key(batch, r);
                    if (!key.contains(null)) {
                        reference.computeIfAbsent(key, k -> new ArrayList<>()).add(added);
                    }
                }
            }
            assertThat(limitHit).isTrue();
            assertThat(table.rowCount()).isEqualTo(added);
            // The table may not have room to seal any more; if it does, it answers for the added rows only.
            boolean sealed;
            try {
                table.seal();
                sealed = true;
            } catch (MemoryLimitExceededException e) {
                sealed = false;
            }
            if (sealed) {
                Batch last = batches.get(batches.size() - 1);
                Batch first = batches.get(0);
                assertThat(probeAll(table, JoinType.INNER, first, 1000)).isEqualTo(expected(reference, first, JoinType.INNER));
                assertThat(probeAll(table, JoinType.SEMI, last, 1000)).isEqualTo(expected(reference, last, JoinType.SEMI));
            }
        } finally {
            table.close();
            batches.forEach(Batch::close);
        }
        assertThat(small.used()).isZero();
        small.close();
    }

    @Test
    void misuseIsRejected() {
        List<DataType> types = List.of(DataType.INT64);
        try (JoinHashTable table = new JoinHashTable(types, pool, 4);
                Batch longs = columns.randomColumn(DataType.INT64, 10, 0.1, false);
                Batch shorter = columns.randomColumn(DataType.INT64, 5, 0.1, false);
                Batch ints = columns.randomColumn(DataType.INT32, 10, 0.1, false)) {
            JoinProbeCursor cursor = new JoinProbeCursor();
            int[] out = new int[8];
            assertThatThrownBy(() -> kernels().build(table, RandomKeys.refs(ints))).isInstanceOf(IllegalArgumentException.class);
            kernels().build(table, RandomKeys.refs(longs));
            assertThatThrownBy(() -> kernels().probe(table, JoinType.INNER, RandomKeys.refs(longs), cursor, out, out))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Seal");
            table.seal();
            assertThatThrownBy(() -> kernels().build(table, RandomKeys.refs(longs))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kernels().probe(table, JoinType.INNER, RandomKeys.refs(longs), cursor, out, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> kernels().probe(table, JoinType.SEMI, RandomKeys.refs(longs), cursor, new int[0], null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> table.isMatched(0)).isInstanceOf(IllegalStateException.class);
            kernels().probe(table, JoinType.INNER, RandomKeys.refs(longs), cursor, new int[1], new int[1]);
            assertThatThrownBy(() -> kernels().probe(table, JoinType.INNER, RandomKeys.refs(shorter), cursor, out, out))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reset()");
        }
    }
}
