package io.basalt.runtime.operators.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;

/** Reference joins over Java collections, and feeding two inputs to a harness in random interleaved order. */
final class JoinTestSupport {
    private JoinTestSupport() {}

    /** The join of {@code left} and {@code right} computed with a hash map over the right keys. */
    static List<List<Object>> referenceJoin(List<List<Object>> left, List<List<Object>> right, int leftWidth, int rightWidth,
            int[] leftKeys, int[] rightKeys, JoinKind kind) {
        Map<List<Object>, List<Integer>> byKey = new HashMap<>();
        for (int r = 0; r < right.size(); r++) {
            List<Object> key = key(right.get(r), rightKeys);
            if (key != null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        boolean[] rightMatched = new boolean[right.size()];
        List<Object> nullLeft = Collections.nCopies(leftWidth, null);
        List<Object> nullRight = Collections.nCopies(rightWidth, null);
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> l : left) {
            List<Object> key = key(l, leftKeys);
            List<Integer> matches = key == null ? List.of() : byKey.getOrDefault(key, List.of());
            switch (kind) {
                case SEMI -> {
                    if (!matches.isEmpty()) {
                        out.add(l);
                    }
                }
                case ANTI -> {
                    if (matches.isEmpty()) {
                        out.add(l);
                    }
                }
                default -> {
                    for (int r : matches) {
                        rightMatched[r] = true;
                        out.add(concat(l, right.get(r)));
                    }
                    if (matches.isEmpty() && (kind == JoinKind.LEFT_OUTER || kind == JoinKind.FULL_OUTER)) {
                        out.add(concat(l, nullRight));
                    }
                }
            }
        }
        if (kind == JoinKind.RIGHT_OUTER || kind == JoinKind.FULL_OUTER) {
            for (int r = 0; r < right.size(); r++) {
                if (!rightMatched[r]) {
                    out.add(concat(nullLeft, right.get(r)));
                }
            }
        }
        return out;
    }

    /** The reference cross product. */
    static List<List<Object>> referenceCross(List<List<Object>> left, List<List<Object>> right) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> l : left) {
            for (List<Object> r : right) {
                out.add(concat(l, r));
            }
        }
        return out;
    }

    private static List<Object> key(List<Object> row, int[] keys) {
        List<Object> key = new ArrayList<>(keys.length);
        for (int k : keys) {
            Object v = row.get(k);
            if (v == null) {
                return null;
            }
            key.add(v);
        }
        return key;
    }

    static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    static Map<List<Object>, Integer> multiset(Collection<List<Object>> rows) {
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : rows) {
            counts.merge(row, 1, Integer::sum);
        }
        return counts;
    }

    static List<List<Object>> rows(OperatorHarness harness) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : harness.outputRows()) {
            rows.add(r.values());
        }
        return rows;
    }

    /** Asserts equal multisets, reporting sizes and a few differing rows rather than dumping everything. */
    static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected, String what) {
        Map<List<Object>, Integer> a = multiset(actual);
        Map<List<Object>, Integer> e = multiset(expected);
        if (!a.equals(e)) {
            List<String> diff = new ArrayList<>();
            for (var entry : e.entrySet()) {
                int got = a.getOrDefault(entry.getKey(), 0);
                if (got != entry.getValue() && diff.size() < 10) {
                    diff.add(entry.getKey() + " expected " + entry.getValue() + "x, got " + got + "x");
                }
            }
            for (var entry : a.entrySet()) {
                if (!e.containsKey(entry.getKey()) && diff.size() < 20) {
                    diff.add(entry.getKey() + " unexpected " + entry.getValue() + "x");
                }
            }
            assertThat(diff).as("%s: %d rows, expected %d", what, actual.size(), expected.size()).isEmpty();
        }
    }

    /**
     * Feeds both inputs in random-sized batches (1 to {@code maxBatch} rows), choosing at random which
     * input goes next, and ends each input right after its last batch or later.
     */
    static void feed(OperatorHarness harness, Schema leftSchema, List<List<Object>> left, Schema rightSchema, List<List<Object>> right,
            Random random, int maxBatch) throws Exception {
        List<List<List<Object>>> lb = chunks(left, random, maxBatch);
        List<List<List<Object>>> rb = chunks(right, random, maxBatch);
        int i = 0;
        int j = 0;
        boolean leftEnded = false;
        boolean rightEnded = false;
        while (!leftEnded || !rightEnded) {
            boolean pickLeft = !leftEnded && (rightEnded || random.nextBoolean());
            if (pickLeft) {
                if (i < lb.size()) {
                    harness.process(leftSchema, lb.get(i++), 0);
                } else {
                    harness.endInput(0);
                    leftEnded = true;
                }
            } else if (j < rb.size()) {
                harness.process(rightSchema, rb.get(j++), 1);
            } else {
                harness.endInput(1);
                rightEnded = true;
            }
        }
    }

    /** Feeds all of one input, then all of the other. */
    static void feedInOrder(OperatorHarness harness, int first, Schema leftSchema, List<List<Object>> left, Schema rightSchema,
            List<List<Object>> right, int batch) throws Exception {
        for (int input : first == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
            List<List<Object>> rows = input == 0 ? left : right;
            for (int from = 0; from < rows.size(); from += batch) {
                harness.process(input == 0 ? leftSchema : rightSchema, rows.subList(from, Math.min(rows.size(), from + batch)), input);
            }
            harness.endInput(input);
        }
    }

    private static List<List<List<Object>>> chunks(List<List<Object>> rows, Random random, int maxBatch) {
        List<List<List<Object>>> out = new ArrayList<>();
        for (int from = 0; from < rows.size();) {
            int n = 1 + random.nextInt(maxBatch);
            out.add(rows.subList(from, Math.min(rows.size(), from + n)));
            from += n;
        }
        return out;
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
