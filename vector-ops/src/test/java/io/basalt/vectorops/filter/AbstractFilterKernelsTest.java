package io.basalt.vectorops.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.basalt.data.Batch;
import io.basalt.data.DataType;
import io.basalt.data.RandomValues;
import io.basalt.data.Selection;
import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;
import io.basalt.vectorops.ColumnRef;
import io.basalt.vectorops.CompareOp;
import io.basalt.vectorops.FilterKernels;
import io.basalt.vectorops.LikePattern;
import io.basalt.vectorops.RandomColumns;

/**
 * The FilterKernels contract, run once per backend: every kernel is compared against a simple
 * reference over Java values read with Batch getters, on random columns of every supported type
 * (nulls, all sizes of {@link RandomColumns#sizes()}, odd row offsets, edge values). Subclasses that
 * return a {@link #crossCheck()} backend are additionally compared with it exactly.
 */
abstract class AbstractFilterKernelsTest {
    private static final DataType[] INTEGER_TYPES = {DataType.INT32, DataType.DATE, DataType.INT64, DataType.decimal(18, 2), DataType.TIMESTAMP};
    private static final DataType[] FLOAT_TYPES = {DataType.FLOAT32, DataType.FLOAT64};
    private static final double[] SPECIAL_DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 0.1, 1.0,
        -1.5, 2.5, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, Float.MAX_VALUE, Math.nextUp((double) Float.MAX_VALUE),
        Float.MIN_VALUE, Math.nextDown((double) Float.MIN_VALUE)};
    private static final long[] SPECIAL_LONGS = {0, 1, -1, 5, -5, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE,
        (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
    private static final String[] ALPHABET = {"a", "b", "ab", "ß", "日", "\uD83D\uDE00", " ", "%", "_"};

    private MemoryManager manager;
    private MemoryPool pool;
    private RandomColumns columns;
    private Random random;

    /** The backend under test. */
    protected abstract FilterKernels kernels();

    /** A backend whose output must be identical to {@link #kernels()}'s, or null. */
    protected FilterKernels crossCheck() {
        return null;
    }

    @BeforeEach
    void setUp() {
        manager = MemoryManager.create(512L << 20);
        pool = manager.newPool("filter-test", 512L << 20);
        columns = new RandomColumns(pool, 42);
        random = columns.random();
    }

    @AfterEach
    void tearDown() {
        pool.close();
        manager.close();
    }

    @FunctionalInterface
    interface Call {
        int run(FilterKernels kernels, int[] out);
    }

    /** Runs {@code call} into an array of exactly {@code count} entries and checks the selected rows. */
    private void check(String what, int count, boolean[] expected, Call call) {
        int[] out = new int[count];
        int[] actual = Arrays.copyOf(out, call.run(kernels(), out));
        int[] wanted = indices(expected);
        if (!Arrays.equals(actual, wanted)) {
            assertThat(actual).as(what).containsExactly(wanted);
        }
        FilterKernels other = crossCheck();
        if (other != null) {
            int[] out2 = new int[count];
            int[] actual2 = Arrays.copyOf(out2, call.run(other, out2));
            if (!Arrays.equals(actual, actual2)) {
                assertThat(actual).as(what + " versus " + other.getClass().getSimpleName()).containsExactly(actual2);
            }
        }
    }

    private static int[] indices(boolean[] selected) {
        int n = 0;
        int[] out = new int[selected.length];
        for (int i = 0; i < selected.length; i++) {
            if (selected[i]) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    // ---- reference values ----

    private Object smallOrRandom(DataType type) {
        RandomValues values = columns.values();
        int small = random.nextInt(11) - 5;
        boolean pickSmall = random.nextBoolean();
        return switch (type.kind()) {
            case INT32 -> pickSmall ? small : values.int32();
            case DATE -> pickSmall ? LocalDate.ofEpochDay(small) : values.date();
            case INT64 -> pickSmall ? (long) small : values.int64();
            case DECIMAL -> pickSmall ? BigDecimal.valueOf(small, type.scale()) : values.decimal(type.precision(), type.scale());
            case TIMESTAMP -> pickSmall ? LocalDateTime.ofEpochSecond(small < 0 ? -1 : 0, (small < 0 ? 1_000_000 + small : small) * 1000, ZoneOffset.UTC)
                    : values.timestamp();
            case FLOAT32 -> pickSmall ? (float) SPECIAL_DOUBLES[random.nextInt(10)] : values.float32();
            case FLOAT64 -> pickSmall ? SPECIAL_DOUBLES[random.nextInt(10)] : values.float64();
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private Batch numericColumn(DataType type, int rows, double nullFraction, boolean oddOffset) {
        return columns.column(type, rows, oddOffset, r -> random.nextDouble() < nullFraction ? null : smallOrRandom(type));
    }

    private static boolean[] nulls(Batch batch) {
        boolean[] nulls = new boolean[batch.rowCount()];
        for (int r = 0; r < nulls.length; r++) {
            nulls[r] = batch.isNull(0, r);
        }
        return nulls;
    }

    private static long[] longs(Batch batch) {
        long[] values = new long[batch.rowCount()];
        DataType.Kind kind = batch.schema().field(0).type().kind();
        for (int r = 0; r < values.length; r++) {
            if (!batch.isNull(0, r)) {
                values[r] = kind == DataType.Kind.INT32 || kind == DataType.Kind.DATE ? batch.getInt(0, r) : batch.getLong(0, r);
            }
        }
        return values;
    }

    private static double[] doubles(Batch batch) {
        double[] values = new double[batch.rowCount()];
        boolean isFloat = batch.schema().field(0).type().kind() == DataType.Kind.FLOAT32;
        for (int r = 0; r < values.length; r++) {
            if (!batch.isNull(0, r)) {
                values[r] = isFloat ? batch.getFloat(0, r) : batch.getDouble(0, r);
            }
        }
        return values;
    }

    private static boolean holds(CompareOp op, long a, long b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    private static boolean holds(CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    // ---- numeric comparisons, BETWEEN, IN ----

    @Test
    void integerComparisonsBetweenAndInMatchReference() {
        for (DataType type : INTEGER_TYPES) {
            for (int rows : RandomColumns.sizes()) {
                for (boolean odd : new boolean[] {false, true}) {
                    double nullFraction = odd ? 0.25 : 0.0;
                    try (Batch batch = numericColumn(type, rows, nullFraction, odd)) {
                        checkIntegers(type + " x" + rows + (odd ? " odd" : ""), batch);
                    }
                }
            }
        }
    }

    private void checkIntegers(String name, Batch batch) {
        ColumnRef ref = ColumnRef.of(batch, 0);
        int n = batch.rowCount();
        boolean[] nulls = nulls(batch);
        long[] v = longs(batch);
        long[] constants = new long[5];
        for (int i = 0; i < constants.length; i++) {
            int row = n == 0 ? -1 : random.nextInt(n);
            constants[i] = i < 2 && row >= 0 && !nulls[row] ? v[row] : SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)];
        }
        for (CompareOp op : CompareOp.values()) {
            for (long c : constants) {
                boolean[] expected = new boolean[n];
                for (int r = 0; r < n; r++) {
                    expected[r] = !nulls[r] && holds(op, v[r], c);
                }
                check(name + " " + op.symbol() + " " + c, n, expected, (k, out) -> k.compare(ref, op, c, out));
            }
        }
        for (int t = 0; t < 4; t++) {
            long low = t == 0 ? Long.MIN_VALUE : constants[random.nextInt(constants.length)];
            long high = t == 1 ? Long.MAX_VALUE : constants[random.nextInt(constants.length)];
            boolean[] expected = new boolean[n];
            for (int r = 0; r < n; r++) {
                expected[r] = !nulls[r] && low <= v[r] && v[r] <= high;
            }
            check(name + " between " + low + " and " + high, n, expected, (k, out) -> k.between(ref, low, high, out));
        }
        for (int size : new int[] {0, 1, 3, 16, 17, 40}) {
            long[] list = new long[size];
            for (int i = 0; i < size; i++) {
                int row = n == 0 ? 0 : random.nextInt(n);
                list[i] = random.nextBoolean() && n > 0 ? v[row] : random.nextBoolean() ? random.nextInt(11) - 5 : SPECIAL_LONGS[random.nextInt(SPECIAL_LONGS.length)];
            }
            boolean[] expected = new boolean[n];
            for (int r = 0; r < n; r++) {
                for (long x : list) {
                    expected[r] |= !nulls[r] && v[r] == x;
                }
            }
            check(name + " in " + Arrays.toString(list), n, expected, (k, out) -> k.in(ref, list, out));
        }
    }

    @Test
    void floatingPointComparisonsBetweenAndInFollowJavaSemantics() {
        for (DataType type : FLOAT_TYPES) {
            for (int rows : RandomColumns.sizes()) {
                for (boolean odd : new boolean[] {false, true}) {
                    try (Batch batch = numericColumn(type, rows, odd ? 0.25 : 0.0, odd)) {
                        checkFloats(type + " x" + rows + (odd ? " odd" : ""), batch);
                    }
                }
            }
        }
    }

    private double floatConstant(double[] v, boolean[] nulls) {
        int n = v.length;
        int row = n == 0 ? -1 : random.nextInt(n);
        if (row < 0 || nulls[row] || random.nextInt(3) == 0) {
            return SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)];
        }
        return switch (random.nextInt(3)) {
            case 0 -> v[row];
            case 1 -> Math.nextUp(v[row]);
            default -> Math.nextDown(v[row]);
        };
    }

    private void checkFloats(String name, Batch batch) {
        ColumnRef ref = ColumnRef.of(batch, 0);
        int n = batch.rowCount();
        boolean[] nulls = nulls(batch);
        double[] v = doubles(batch);
        for (CompareOp op : CompareOp.values()) {
            for (int i = 0; i < 6; i++) {
                double c = floatConstant(v, nulls);
                boolean[] expected = new boolean[n];
                for (int r = 0; r < n; r++) {
                    expected[r] = !nulls[r] && holds(op, v[r], c);
                }
                check(name + " " + op.symbol() + " " + c, n, expected, (k, out) -> k.compare(ref, op, c, out));
            }
        }
        for (int t = 0; t < 5; t++) {
            double low = floatConstant(v, nulls);
            double high = t == 0 ? Double.POSITIVE_INFINITY : floatConstant(v, nulls);
            boolean[] expected = new boolean[n];
            for (int r = 0; r < n; r++) {
                expected[r] = !nulls[r] && low <= v[r] && v[r] <= high;
            }
            check(name + " between " + low + " and " + high, n, expected, (k, out) -> k.between(ref, low, high, out));
        }
        for (int size : new int[] {0, 1, 4, 16, 17, 33}) {
            double[] list = new double[size];
            for (int i = 0; i < size; i++) {
                list[i] = floatConstant(v, nulls);
            }
            boolean[] expected = new boolean[n];
            for (int r = 0; r < n; r++) {
                for (double x : list) {
                    expected[r] |= !nulls[r] && v[r] == x;
                }
            }
            check(name + " in " + Arrays.toString(list), n, expected, (k, out) -> k.in(ref, list, out));
        }
    }

    @Test
    void columnToColumnComparisonsMatchReference() {
        DataType[] types = {DataType.INT32, DataType.DATE, DataType.INT64, DataType.decimal(10, 3), DataType.TIMESTAMP, DataType.FLOAT32, DataType.FLOAT64};
        for (DataType type : types) {
            boolean floating = type.kind() == DataType.Kind.FLOAT32 || type.kind() == DataType.Kind.FLOAT64;
            for (int rows : RandomColumns.sizes()) {
                double nullFraction = rows % 2 == 0 ? 0.2 : 0.0;
                try (Batch left = numericColumn(type, rows, nullFraction, false);
                        Batch right = numericColumn(type, rows, rows % 3 == 0 ? 0.0 : 0.2, true)) {
                    ColumnRef a = ColumnRef.of(left, 0);
                    ColumnRef b = ColumnRef.of(right, 0);
                    boolean[] nulls = nulls(left);
                    boolean[] rightNulls = nulls(right);
                    for (int r = 0; r < rows; r++) {
                        nulls[r] |= rightNulls[r];
                    }
                    long[] la = floating ? null : longs(left);
                    long[] lb = floating ? null : longs(right);
                    double[] da = floating ? doubles(left) : null;
                    double[] db = floating ? doubles(right) : null;
                    for (CompareOp op : CompareOp.values()) {
                        boolean[] expected = new boolean[rows];
                        for (int r = 0; r < rows; r++) {
                            expected[r] = !nulls[r] && (floating ? holds(op, da[r], db[r]) : holds(op, la[r], lb[r]));
                        }
                        check(type + " x" + rows + " a " + op.symbol() + " b", rows, expected, (k, out) -> k.compare(a, op, b, out));
                    }
                }
            }
        }
    }

    // ---- nulls ----

    @Test
    void isNullAndIsNotNullReadValidity() {
        DataType[] types = {DataType.BOOLEAN, DataType.INT32, DataType.INT64, DataType.FLOAT64, DataType.UTF8};
        for (DataType type : types) {
            for (int rows : RandomColumns.sizes()) {
                for (double nullFraction : new double[] {0.0, 0.1, 0.5, 1.0}) {
                    try (Batch batch = columns.randomColumn(type, rows, nullFraction, rows % 2 == 1)) {
                        boolean[] nulls = nulls(batch);
                        boolean[] valid = new boolean[rows];
                        for (int r = 0; r < rows; r++) {
                            valid[r] = !nulls[r];
                        }
                        String name = type + " x" + rows + " nulls " + nullFraction;
                        ColumnRef ref = ColumnRef.of(batch, 0);
                        check(name + " is null", rows, nulls, (k, out) -> k.isNull(ref, out));
                        check(name + " is not null", rows, valid, (k, out) -> k.isNotNull(ref, out));
                        // A bitmap may be present even when every row is valid.
                        ColumnRef withBitmap = new ColumnRef(ref.type(), ref.data(), batch.validity(0), ref.offsets(), ref.offset(), ref.count());
                        check(name + " is null (bitmap)", rows, nulls, (k, out) -> k.isNull(withBitmap, out));
                        check(name + " is not null (bitmap)", rows, valid, (k, out) -> k.isNotNull(withBitmap, out));
                    }
                }
            }
        }
    }

    // ---- strings ----

    private String randomString() {
        if (random.nextInt(8) == 0) {
            return columns.values().string();
        }
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(7);
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private String randomPattern(char escape) {
        String[] tokens = {"a", "b", "ß", "日", "\uD83D\uDE00", "%", "%", "_", "_", escape + "%", escape + "_", "" + escape + escape};
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(6);
        for (int i = 0; i < len; i++) {
            sb.append(tokens[random.nextInt(tokens.length)]);
        }
        return sb.toString();
    }

    /** An independent LIKE: translated to a java.util.regex pattern over code points. */
    private static Pattern likeRegex(String like, int escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); ) {
            int cp = like.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == escape) {
                int next = like.codePointAt(i);
                i += Character.charCount(next);
                regex.append(Pattern.quote(Character.toString(next)));
            } else if (cp == '%') {
                regex.append(".*");
            } else if (cp == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(Character.toString(cp)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Test
    void stringEqualityPrefixAndLikeMatchReference() {
        List<String> fixed = List.of("", "%", "%%", "a", "a%", "%a", "%a%", "a%b", "_", "__", "%_", "_%", "a_b%", "%ß%", "%\uD83D\uDE00",
                "\uD83D\uDE00%", "%a%b%", "%_a_%", "_\uD83D\uDE00_", "%日%_", "a%%b", "%ab%ab%", "x".repeat(70) + "%", "%" + "x".repeat(70),
                "%" + "x".repeat(70) + "%", "%\\%%", "\\_%", "%\\\\");
        for (int rows : RandomColumns.sizes()) {
            for (boolean odd : new boolean[] {false, true}) {
                boolean longStrings = rows == 1000;
                try (Batch batch = columns.column(DataType.UTF8, rows, odd, r -> random.nextInt(7) == 0 ? null
                        : longStrings ? "x".repeat(random.nextInt(140)) + randomString() : randomString())) {
                    ColumnRef ref = ColumnRef.of(batch, 0);
                    boolean[] nulls = nulls(batch);
                    String[] values = new String[rows];
                    for (int r = 0; r < rows; r++) {
                        values[r] = nulls[r] ? null : batch.getString(0, r);
                    }
                    String name = "utf8 x" + rows + (odd ? " odd" : "");
                    for (int t = 0; t < 6; t++) {
                        String probe = rows > 0 && t < 3 && values[random.nextInt(rows)] != null ? values[random.nextInt(rows)] : randomString();
                        String value = probe == null ? "" : probe;
                        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                        boolean[] equal = new boolean[rows];
                        boolean[] prefix = new boolean[rows];
                        for (int r = 0; r < rows; r++) {
                            equal[r] = values[r] != null && values[r].equals(value);
                            prefix[r] = values[r] != null && values[r].startsWith(value);
                        }
                        check(name + " = '" + value + "'", rows, equal, (k, out) -> k.equalTo(ref, bytes, out));
                        check(name + " starts with '" + value + "'", rows, prefix, (k, out) -> k.startsWith(ref, bytes, out));
                    }
                    List<String> patterns = new ArrayList<>(fixed);
                    for (int t = 0; t < 12; t++) {
                        patterns.add(randomPattern('\\'));
                    }
                    for (String p : patterns) {
                        LikePattern compiled = LikePattern.compile(p, '\\');
                        Pattern regex = likeRegex(p, '\\');
                        boolean[] expected = new boolean[rows];
                        for (int r = 0; r < rows; r++) {
                            expected[r] = values[r] != null && regex.matcher(values[r]).matches();
                        }
                        check(name + " " + compiled, rows, expected, (k, out) -> k.like(ref, compiled, out));
                    }
                }
            }
        }
    }

    @Test
    void likePatternsAreClassifiedAndEscapesValidated() {
        assertThat(LikePattern.compile("abc").kind()).isEqualTo(LikePattern.Kind.EXACT);
        assertThat(LikePattern.compile("abc%").kind()).isEqualTo(LikePattern.Kind.PREFIX);
        assertThat(LikePattern.compile("%abc").kind()).isEqualTo(LikePattern.Kind.SUFFIX);
        assertThat(LikePattern.compile("%abc%%").kind()).isEqualTo(LikePattern.Kind.CONTAINS);
        assertThat(LikePattern.compile("%%").kind()).isEqualTo(LikePattern.Kind.ANY);
        assertThat(LikePattern.compile("a_c").kind()).isEqualTo(LikePattern.Kind.GENERAL);
        assertThat(LikePattern.compile("a%c").kind()).isEqualTo(LikePattern.Kind.GENERAL);
        assertThat(LikePattern.compile("100!%", '!').kind()).isEqualTo(LikePattern.Kind.EXACT);
        assertThat(LikePattern.compile("100!%", '!').literal()).isEqualTo("100%".getBytes(StandardCharsets.UTF_8));
        assertThat(LikePattern.compile("a_%").kind()).isEqualTo(LikePattern.Kind.GENERAL);
        assertThatThrownBy(() -> LikePattern.compile("ab!", '!')).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends with");
        assertThatThrownBy(() -> LikePattern.compile("a!b", '!')).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be followed");
        assertThatThrownBy(() -> LikePattern.compile("a", '%')).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- selections ----

    private int[] randomList(int count, double density) {
        boolean[] member = new boolean[count];
        for (int i = 0; i < count; i++) {
            member[i] = random.nextDouble() < density;
        }
        return indices(member);
    }

    @Test
    void andOrNotMatchSetOperations() {
        double[] densities = {0.0, 0.01, 0.3, 0.5, 0.9, 1.0};
        for (int count : RandomColumns.sizes()) {
            for (int t = 0; t < 12; t++) {
                int[] a = randomList(count, densities[random.nextInt(densities.length)]);
                int[] b = randomList(count, densities[random.nextInt(densities.length)]);
                // Arrays longer than the selection, as a reused output buffer would be.
                int[] paddedA = Arrays.copyOf(a, a.length + 5);
                boolean[] inA = new boolean[count];
                boolean[] inB = new boolean[count];
                for (int x : a) {
                    inA[x] = true;
                }
                for (int x : b) {
                    inB[x] = true;
                }
                boolean[] and = new boolean[count];
                boolean[] or = new boolean[count];
                boolean[] not = new boolean[count];
                for (int i = 0; i < count; i++) {
                    and[i] = inA[i] && inB[i];
                    or[i] = inA[i] || inB[i];
                    not[i] = !inA[i];
                }
                String name = "x" + count + " |a|=" + a.length + " |b|=" + b.length;
                check(name + " and", count, and, (k, out) -> k.and(paddedA, a.length, b, b.length, count, out));
                check(name + " or", count, or, (k, out) -> k.or(paddedA, a.length, b, b.length, count, out));
                check(name + " not", count, not, (k, out) -> k.not(paddedA, a.length, count, out));
            }
        }
        FilterKernels k = kernels();
        assertThat(k.and(Selection.range(2, 8), Selection.of(1, 3, 7, 9), 10)).isEqualTo(Selection.of(3, 7));
        assertThat(k.or(Selection.range(2, 4), Selection.of(1, 3, 9), 10)).isEqualTo(Selection.of(1, 2, 3, 9));
        assertThat(k.not(Selection.of(0, 5, 9), 10)).isEqualTo(Selection.of(1, 2, 3, 4, 6, 7, 8));
        assertThat(k.not(Selection.all(10), 10)).isEqualTo(Selection.empty());
    }

    // ---- argument errors ----

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        try (Batch ints = numericColumn(DataType.INT32, 10, 0.0, false);
                Batch doubles = numericColumn(DataType.FLOAT64, 10, 0.0, false);
                Batch longs = numericColumn(DataType.INT64, 9, 0.0, false);
                Batch strings = columns.randomColumn(DataType.UTF8, 10, 0.0, false)) {
            FilterKernels k = kernels();
            ColumnRef i = ColumnRef.of(ints, 0);
            ColumnRef d = ColumnRef.of(doubles, 0);
            ColumnRef l = ColumnRef.of(longs, 0);
            ColumnRef s = ColumnRef.of(strings, 0);
            int[] small = new int[9];
            int[] out = new int[10];
            assertThatThrownBy(() -> k.compare(i, CompareOp.LT, 3L, small)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 9");
            assertThatThrownBy(() -> k.isNull(s, small)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.like(s, LikePattern.compile("%a"), small)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.not(new int[0], 0, 10, small)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.compare(d, CompareOp.LT, 3L, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("float64").hasMessageContaining("double overload");
            assertThatThrownBy(() -> k.compare(i, CompareOp.LT, 3.0, out)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
            assertThatThrownBy(() -> k.in(s, new long[] {1}, out)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utf8");
            assertThatThrownBy(() -> k.equalTo(i, new byte[0], out)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
            assertThatThrownBy(() -> k.compare(i, CompareOp.EQ, d, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("int32").hasMessageContaining("float64");
            assertThatThrownBy(() -> k.compare(i, CompareOp.EQ, l, out)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> k.and(new int[] {1, 12}, 2, new int[] {1}, 1, 10, out)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[0, 10)");
            assertThatThrownBy(() -> k.or(new int[] {1}, 2, new int[] {1}, 1, 10, out)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
