package io.basalt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

class BatchTest {
    private static final Schema ALL_TYPES = Schema.of(
            Field.notNull("id", DataType.INT64),
            Field.nullable("flag", DataType.BOOLEAN),
            Field.nullable("qty", DataType.INT32),
            Field.nullable("ratio", DataType.FLOAT32),
            Field.nullable("price", DataType.FLOAT64),
            Field.nullable("amount", DataType.decimal(12, 2)),
            Field.nullable("day", DataType.DATE),
            Field.nullable("at", DataType.TIMESTAMP),
            Field.nullable("name", DataType.UTF8));

    private final MemoryManager manager = MemoryManager.create(64 << 20);
    private final MemoryPool pool = manager.newPool("test", 32 << 20);

    @AfterEach
    void close() {
        pool.close();
        manager.close(); // fails on a leak
    }

    private Batch sample(int rows) {
        try (BatchBuilder b = new BatchBuilder(ALL_TYPES, pool, 4)) {
            for (int r = 0; r < rows; r++) {
                if (r % 3 == 2) {
                    b.appendLong(0, r);
                    for (int c = 1; c < ALL_TYPES.size(); c++) {
                        b.appendNull(c);
                    }
                    continue;
                }
                b.appendRow((long) r, r % 2 == 0, r * 10, r / 4f, r * 1.5, BigDecimal.valueOf(r * 101L, 2),
                        LocalDate.of(2024, 1, 1).plusDays(r), LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(r).plusNanos(1000L * r),
                        "row-" + r + "-é");
            }
            return b.seal();
        }
    }

    @Test
    void readsBackEveryTypeAndNull() {
        try (Batch batch = sample(100)) {
            assertThat(batch.rowCount()).isEqualTo(100);
            for (int r = 0; r < 100; r++) {
                assertThat(batch.getLong(0, r)).isEqualTo(r);
                if (r % 3 == 2) {
                    for (int c = 1; c < ALL_TYPES.size(); c++) {
                        assertThat(batch.isNull(c, r)).isTrue();
                        assertThat(batch.getObject(c, r)).isNull();
                    }
                    continue;
                }
                assertThat(batch.getBoolean(1, r)).isEqualTo(r % 2 == 0);
                assertThat(batch.getInt(2, r)).isEqualTo(r * 10);
                assertThat(batch.getFloat(3, r)).isEqualTo(r / 4f);
                assertThat(batch.getDouble(4, r)).isEqualTo(r * 1.5);
                assertThat(batch.getDecimal(5, r)).isEqualTo(BigDecimal.valueOf(r * 101L, 2));
                assertThat(batch.getLong(5, r)).isEqualTo(r * 101L);
                assertThat(batch.getDate(6, r)).isEqualTo(LocalDate.of(2024, 1, 1).plusDays(r));
                assertThat(batch.getTimestamp(7, r)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(r).plusNanos(1000L * r));
                assertThat(batch.getString(8, r)).isEqualTo("row-" + r + "-é");
            }
            assertThat(batch.nullCount(1)).isEqualTo(33);
            assertThat(batch.nullCount(0)).isZero();
        }
    }

    @Test
    void emptyBatch() {
        try (Batch batch = sample(0)) {
            assertThat(batch.rowCount()).isZero();
            assertThat(batch.nullCount(8)).isZero();
            try (Batch copy = batch.compact(pool)) {
                assertThat(copy.rowCount()).isZero();
            }
        }
    }

    @Test
    void columnBuffersAreForeignSegments() {
        try (Batch batch = sample(10)) {
            MemorySegment ids = batch.data(0);
            assertThat(ids.isNative()).isTrue();
            for (int r = 0; r < 10; r++) {
                assertThat(ids.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, r)).isEqualTo(r);
            }
            MemorySegment validity = batch.validity(2);
            assertThat(validity.get(ValueLayout.JAVA_BYTE, 0) & 0b111).isEqualTo(0b011); // row 2 is null
            MemorySegment offsets = batch.offsets(8);
            assertThat(offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 1)).isEqualTo("row-0-é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void selectColumnsAndWithSchemaAreViews() {
        try (Batch batch = sample(30); Batch slice = batch.slice(3, 20)) {
            long before = pool.used();
            try (Batch picked = slice.selectColumns(8, 0, 2); Batch nested = picked.selectColumns(1)) {
                assertThat(pool.used()).isEqualTo(before);
                assertThat(picked.schema().fields()).containsExactly(ALL_TYPES.field(8), ALL_TYPES.field(0), ALL_TYPES.field(2));
                for (int r = 0; r < 20; r++) {
                    assertThat(picked.getObject(0, r)).isEqualTo(slice.getObject(8, r));
                    assertThat(picked.getObject(2, r)).isEqualTo(slice.getObject(2, r));
                    assertThat(nested.getLong(0, r)).isEqualTo(r + 3);
                }
                assertThat(picked.data(1).address()).isEqualTo(slice.data(0).address());
                try (Batch copy = picked.compact(pool)) {
                    assertThat(copy.getString(0, 1)).isEqualTo("row-4-é");
                }
                Schema renamed = Schema.of(Field.nullable("text", DataType.UTF8), Field.notNull("a", DataType.INT64), Field.nullable("b", DataType.INT32));
                try (Batch viewed = picked.withSchema(renamed)) {
                    assertThat(viewed.schema()).isEqualTo(renamed);
                    assertThat(viewed.getLong(1, 0)).isEqualTo(3);
                }
                assertThatThrownBy(() -> picked.withSchema(Schema.of(Field.nullable("x", DataType.INT64), renamed.field(1), renamed.field(2))))
                        .hasMessageContaining("cannot be viewed as");
                assertThatThrownBy(() -> slice.selectColumns(9)).isInstanceOf(IndexOutOfBoundsException.class);
            }
        }
    }

    @Test
    void sliceIsAViewAndCompactIsACopy() {
        try (Batch batch = sample(50)) {
            long before = pool.used();
            try (Batch slice = batch.slice(10, 20)) {
                assertThat(pool.used()).isEqualTo(before);
                assertThat(slice.rowCount()).isEqualTo(20);
                assertThat(slice.offset()).isEqualTo(10);
                assertThat(slice.getLong(0, 0)).isEqualTo(10);
                assertThat(slice.getString(8, 3)).isEqualTo("row-13-é");
                assertThat(slice.isNull(2, 1)).isTrue(); // row 11
                assertThat(slice.nullCount(2)).isEqualTo(7);
                try (Batch nested = slice.slice(5, 5); Batch copy = slice.compact(pool)) {
                    assertThat(nested.getLong(0, 0)).isEqualTo(15);
                    assertThat(pool.used()).isGreaterThan(before);
                    assertThat(copy.offset()).isZero();
                    assertThat(copy.data(0).byteSize()).isLessThan(batch.data(0).byteSize());
                    for (int r = 0; r < 20; r++) {
                        for (int c = 0; c < ALL_TYPES.size(); c++) {
                            assertThat(copy.getObject(c, r)).isEqualTo(slice.getObject(c, r));
                        }
                    }
                }
            }
            assertThatThrownBy(() -> batch.slice(40, 11)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void compactBySelectionKeepsSelectedRowsInOrder() {
        try (Batch batch = sample(30)) {
            Selection sel = Selection.of(29, 0, 5, 5, 17);
            try (Batch picked = batch.compact(sel, pool)) {
                assertThat(picked.rowCount()).isEqualTo(5);
                for (int i = 0; i < sel.size(); i++) {
                    for (int c = 0; c < ALL_TYPES.size(); c++) {
                        assertThat(picked.getObject(c, i)).isEqualTo(batch.getObject(c, sel.get(i)));
                    }
                }
            }
            try (Batch none = batch.compact(Selection.empty(), pool); Batch range = batch.compact(Selection.range(3, 6), pool)) {
                assertThat(none.rowCount()).isZero();
                assertThat(range.getLong(0, 0)).isEqualTo(3);
            }
            assertThatThrownBy(() -> batch.compact(Selection.of(30), pool)).hasMessageContaining("Selected row 30");
        }
    }

    @Test
    void memoryIsFreedWithTheLastReference() {
        Batch batch = sample(100);
        long used = pool.used();
        assertThat(used).isPositive();
        Batch second = batch.retain();
        Batch slice = batch.slice(1, 2);
        batch.close();
        batch.close(); // idempotent per handle
        second.close();
        assertThat(pool.used()).isEqualTo(used);
        assertThat(slice.getLong(0, 0)).isEqualTo(1);
        slice.close();
        assertThat(pool.used()).isZero();
        assertThatThrownBy(() -> slice.getLong(0, 0)).hasMessageContaining("closed");
        assertThatThrownBy(batch::retain).hasMessageContaining("closed");
    }

    @Test
    void builderRejectsValuesItCannotStoreExactly() {
        try (BatchBuilder b = new BatchBuilder(ALL_TYPES, pool)) {
            assertThatThrownBy(() -> b.appendNull(0)).hasMessageContaining("Column 'id' (int64 not null) cannot hold null at row 0");
            assertThatThrownBy(() -> b.appendDecimal(5, new BigDecimal("1.234")))
                    .hasMessageContaining("Value 1.234 does not fit column 'amount' (decimal(12,2)) at row 0");
            assertThatThrownBy(() -> b.appendDecimal(5, new BigDecimal("12345678901.00")))
                    .hasMessageContaining("does not fit column 'amount'");
            assertThatThrownBy(() -> b.appendDecimalUnscaled(5, 1_000_000_000_000L)).hasMessageContaining("more than 12 digits");
            assertThatThrownBy(() -> b.appendTimestamp(7, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)))
                    .hasMessageContaining("nanosecond precision");
            assertThatThrownBy(() -> b.appendTimestamp(7, Instant.ofEpochSecond(Instant.MAX.getEpochSecond()))).hasMessageContaining("out of range");
            assertThatThrownBy(() -> b.appendString(8, "bad \uD800 surrogate")).hasMessageContaining("unpaired UTF-16 surrogate");
            assertThatThrownBy(() -> b.appendInt(0, 1)).hasMessageContaining("Cannot append a int32 value to column 'id' of type int64");
            assertThatThrownBy(() -> b.appendValue(2, "seven")).hasMessageContaining("Cannot append String value 'seven' to column 'qty'");
            assertThatThrownBy(() -> b.appendRow(1L)).hasMessageContaining("Row has 1 values but schema");
            assertThatThrownBy(() -> b.appendLong(9, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void sealRequiresEqualColumnLengths() {
        Schema two = Schema.of(Field.notNull("a", DataType.INT32), Field.nullable("b", DataType.INT32));
        try (BatchBuilder b = new BatchBuilder(two, pool)) {
            b.appendInt(0, 1).appendInt(0, 2).appendInt(1, 3);
            assertThatThrownBy(b::seal).hasMessageContaining("column 'b' has 1 values but column 'a' has 2");
            b.appendNull(1);
            try (Batch batch = b.seal()) {
                assertThat(batch.rowCount()).isEqualTo(2);
            }
            assertThatThrownBy(() -> b.appendInt(0, 1)).hasMessageContaining("already sealed");
        }
    }

    @Test
    void builderGrowsFarBeyondItsInitialCapacityIncludingNulls() {
        Schema s = Schema.of(Field.nullable("v", DataType.INT64), Field.nullable("s", DataType.UTF8));
        try (BatchBuilder b = new BatchBuilder(s, pool, 1)) {
            for (int r = 0; r < 10_000; r++) {
                if (r % 7 == 0) {
                    b.appendNull(0).appendNull(1);
                } else {
                    b.appendLong(0, r).appendString(1, "x".repeat(r % 50));
                }
            }
            try (Batch batch = b.seal()) {
                for (int r = 0; r < 10_000; r++) {
                    assertThat(batch.isNull(0, r)).isEqualTo(r % 7 == 0);
                    if (r % 7 != 0) {
                        assertThat(batch.getLong(0, r)).isEqualTo(r);
                        assertThat(batch.getString(1, r)).hasSize(r % 50);
                    }
                }
            }
        }
    }

    @Test
    void readerErrorsNameTheColumn() {
        try (Batch batch = sample(3)) {
            assertThatThrownBy(() -> batch.getInt(0, 0)).hasMessageContaining("Column 'id' has type int64, not int32 or date");
            assertThatThrownBy(() -> batch.getInt(2, 2)).hasMessageContaining("Column 'qty' is null at row 2");
            assertThatThrownBy(() -> batch.getLong(0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> batch.getDecimal(4, 0)).hasMessageContaining("not decimal");
        }
    }

    @Test
    void abandonedBuilderReleasesItsMemory() {
        BatchBuilder b = new BatchBuilder(ALL_TYPES, pool, 1000);
        assertThat(pool.used()).isPositive();
        b.close();
        assertThat(pool.used()).isZero();
    }

    @Test
    void builderFailsCleanlyWhenThePoolIsFull() {
        try (MemoryPool tiny = pool.newChild("tiny", 64 * 1024); BatchBuilder b = new BatchBuilder(Schema.of(Field.notNull("v", DataType.INT64)), tiny, 16)) {
            assertThatThrownBy(() -> {
                for (int r = 0; r < 1_000_000; r++) {
                    b.appendLong(0, r);
                }
            }).isInstanceOf(io.basalt.memory.MemoryLimitExceededException.class).hasMessageContaining("'basalt/test/tiny'");
        }
    }

    @Test
    void schemaRoundTripsThroughArrow() {
        assertThat(Schema.fromArrow(ALL_TYPES.toArrow())).isEqualTo(ALL_TYPES);
        assertThat(DataType.parse("decimal(18, 4)")).isEqualTo(DataType.decimal(18, 4));
        assertThatThrownBy(() -> DataType.decimal(19, 2)).hasMessageContaining("between 1 and 18");
        assertThatThrownBy(() -> DataType.parse("varchar")).hasMessageContaining("Unknown data type 'varchar'");
        assertThatThrownBy(() -> Schema.of(Field.notNull("a", DataType.INT32), Field.notNull("a", DataType.INT64)))
                .hasMessageContaining("Duplicate column name 'a'");
        assertThatThrownBy(() -> ALL_TYPES.requireIndex("nope")).hasMessageContaining("No column 'nope' in schema (id int64 not null");
    }
}
