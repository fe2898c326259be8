package io.basalt.runtime.operators.sort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorHarness;
import io.basalt.runtime.types.Row;
import io.basalt.vectorops.SortOrder;

/** Random rows, batch feeding and Java-collections references shared by the sort-based operator tests. */
final class SortTestSupport {
    private static final String[] WORDS = {"", "a", "ab", "abc", "abcdefgh", "abcdefghi", "abcdefghij", "zz", "\u00e9t\u00e9", "\u65e5\u672c",
        "abcdefgh-long-suffix-1", "abcdefgh-long-suffix-2", "Z"};

    private SortTestSupport() {}

    /** A random string: mostly from a small vocabulary (duplicates, shared 8-byte prefixes), sometimes random. */
    static String word(Random rnd) {
        if (rnd.nextInt(5) == 0) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(14);
            for (int i = 0; i < len; i++) {
                sb.append((char) ('a' + rnd.nextInt(3)));
            }
            return sb.toString();
        }
        return WORDS[rnd.nextInt(WORDS.length)];
    }

    /** {@code value} or, with probability {@code nullChance}, null. */
    static <T> T maybeNull(Random rnd, double nullChance, T value) {
        return rnd.nextDouble() < nullChance ? null : value;
    }

    /** Feeds the rows to {@code input} in batches of random, mostly odd sizes up to {@code maxBatch}. */
    static void feed(OperatorHarness h, Schema schema, List<? extends List<?>> rows, int input, Random rnd, int maxBatch) throws Exception {
        int i = 0;
        while (i < rows.size()) {
            int size = switch (rnd.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 1 + rnd.nextInt(7);
                default -> 1 + rnd.nextInt(maxBatch);
            };
            size = Math.min(size, rows.size() - i);
            h.process(schema, rows.subList(i, i + size), input);
            i += size;
        }
    }

    /**
     * Feeds two inputs in a random interleaving of random-sized batches; an input ends as soon as
     * its rows are out, while the other may go on.
     */
    static void feedTwo(OperatorHarness h, Schema leftSchema, List<? extends List<?>> left, Schema rightSchema, List<? extends List<?>> right,
                        Random rnd, int maxBatch) throws Exception {
        Schema[] schemas = {leftSchema, rightSchema};
        List<?>[] rows = {left, right};
        int[] next = new int[2];
        boolean[] ended = new boolean[2];
        while (!ended[0] || !ended[1]) {
            int side = ended[0] ? 1 : ended[1] ? 0 : rnd.nextInt(2);
            if (next[side] >= rows[side].size()) {
                h.endInput(side);
                ended[side] = true;
                continue;
            }
            int size = Math.min(rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(maxBatch), rows[side].size() - next[side]);
            @SuppressWarnings("unchecked")
            List<? extends List<?>> part = (List<? extends List<?>>) rows[side].subList(next[side], next[side] + size);
            h.process(schemas[side], part, side);
            next[side] += size;
        }
    }

    /** The order of {@link SortOrder}: nulls placed independently of the direction, strings by UTF-8 bytes. */
    static Comparator<List<?>> comparator(int[] keys, List<SortOrder> orders) {
        return (a, b) -> {
            for (int i = 0; i < keys.length; i++) {
                Object x = a.get(keys[i]);
                Object y = b.get(keys[i]);
                SortOrder o = orders.get(i);
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    return (x == null) == o.nullsFirst() ? -1 : 1;
                }
                int c = compareValues(x, y);
                if (c != 0) {
                    return o.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object x, Object y) {
        if (x instanceof String s && y instanceof String t) {
            return Arrays.compareUnsigned(s.getBytes(StandardCharsets.UTF_8), t.getBytes(StandardCharsets.UTF_8));
        }
        if (x instanceof Double d && y instanceof Double e) {
            return Double.compare(d, e);
        }
        if (x instanceof Float d && y instanceof Float e) {
            return Float.compare(d, e);
        }
        return ((Comparable) x).compareTo(y);
    }

    static List<Row> toRows(List<? extends List<?>> lists) {
        List<Row> rows = new ArrayList<>(lists.size());
        for (List<?> l : lists) {
            rows.add(Row.ofList(l));
        }
        return rows;
    }

    /** The key of a row as a list (null-safe, usable as a map key; NULLs are equal, like GROUP BY). */
    static List<Object> key(List<?> row, int[] keys) {
        List<Object> k = new ArrayList<>(keys.length);
        for (int c : keys) {
            k.add(row.get(c));
        }
        return k;
    }

    static boolean hasNull(List<?> key) {
        return key.contains(null);
    }

    /** Multiset of rows, for comparing results whose order is unspecified. */
    static Map<Row, Integer> multiset(List<Row> rows) {
        Map<Row, Integer> counts = new HashMap<>();
        for (Row r : rows) {
            counts.merge(r, 1, Integer::sum);
        }
        return counts;
    }
}
