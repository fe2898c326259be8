package io.basalt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.constraints.IntRange;

import io.basalt.memory.MemoryManager;
import io.basalt.memory.MemoryPool;

class RowMapperTest {
    enum Color { RED, GREEN, BLUE }

    record Everything(boolean flag, Boolean maybeFlag, int count, Integer maybeCount, long id, Long maybeId,
                      float ratio, Float maybeRatio, double price, Double maybePrice, String name,
                      @DecimalType(precision = 12, scale = 2) BigDecimal amount, BigDecimal defaultScaled,
                      LocalDate day, LocalDateTime at, Instant when, Color color) {}

    /** A Flink-style POJO: public no-arg constructor and getter/setter pairs. */
    public static final class Order {
        private long orderId;
        private String customer;
        @DecimalType(precision = 10, scale = 2)
        private BigDecimal total;
        private boolean paid;
        private LocalDate placed;

        public Order() {}

        Order(long orderId, String customer, BigDecimal total, boolean paid, LocalDate placed) {
            this.orderId = orderId;
            this.customer = customer;
            this.total = total;
            this.paid = paid;
            this.placed = placed;
        }

        public long getOrderId() { return orderId; }
        public void setOrderId(long orderId) { this.orderId = orderId; }
        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
        public BigDecimal getTotal() { return total; }
        public void setTotal(BigDecimal total) { this.total = total; }
        public boolean isPaid() { return paid; }
        public void setPaid(boolean paid) { this.paid = paid; }
        public LocalDate getPlaced() { return placed; }
        public void setPlaced(LocalDate placed) { this.placed = placed; }
        public String getDisplayName() { return "order " + orderId; } // read-only: not a column

        @Override
        public boolean equals(Object o) {
            return o instanceof Order other && orderId == other.orderId && paid == other.paid && Objects.equals(customer, other.customer)
                    && Objects.equals(total, other.total) && Objects.equals(placed, other.placed);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(orderId);
        }
    }

    record WithList(List<String> tags) {}

    record Primitive(int value) {}

    public static final class NoDefaultConstructor {
        public NoDefaultConstructor(int value) {}
    }

    record Boxed(Integer value) {}

    private final MemoryManager manager = MemoryManager.create(256 << 20);
    private final MemoryPool pool = manager.newPool("test", 128 << 20);

    @AfterProperty
    void close() {
        pool.close();
        manager.close();
    }

    static Everything randomEverything(RandomValues v) {
        return new Everything(v.bool(), v.isNull() ? null : v.bool(), v.int32(), v.isNull() ? null : v.int32(),
                v.int64(), v.isNull() ? null : v.int64(), v.float32(), v.isNull() ? null : v.float32(),
                v.float64(), v.isNull() ? null : v.float64(), v.isNull() ? null : v.string(),
                v.isNull() ? null : v.decimal(12, 2), v.isNull() ? null : v.decimal(18, 6),
                v.isNull() ? null : v.date(), v.isNull() ? null : v.timestamp(), v.isNull() ? null : v.instant(),
                v.isNull() ? null : Color.values()[v.int32() & 1]);
    }

    @Property(tries = 60)
    void recordsRoundTripThroughBatches(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int rows) {
        RandomValues values = new RandomValues(new Random(seed));
        List<Everything> input = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            input.add(randomEverything(values));
        }
        RowMapper<Everything> mapper = RowMapper.of(Everything.class);
        try (Batch batch = mapper.toBatch(input, pool)) {
            assertThat(batch.rowCount()).isEqualTo(rows);
            assertThat(mapper.readAll(batch)).isEqualTo(input);
            if (rows > 2) {
                try (Batch slice = batch.slice(1, rows - 2)) {
                    assertThat(mapper.readAll(slice)).isEqualTo(input.subList(1, rows - 1));
                }
            }
        }
    }

    @Property(tries = 30)
    void pojosRoundTripThroughBatches(@ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int rows) {
        RandomValues v = new RandomValues(new Random(seed));
        List<Order> input = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            input.add(new Order(v.int64(), v.isNull() ? null : v.string(), v.isNull() ? null : v.decimal(10, 2), v.bool(),
                    v.isNull() ? null : v.date()));
        }
        RowMapper<Order> mapper = RowMapper.of(Order.class);
        try (Batch batch = mapper.toBatch(input, pool)) {
            assertThat(mapper.readAll(batch)).isEqualTo(input);
        }
    }

    @Property(tries = 40)
    void genericRowsRoundTripForRandomSchemas(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int rows) {
        RandomValues v = new RandomValues(new Random(seed));
        Schema schema = v.schema();
        List<Object[]> input = new ArrayList<>();
        try (BatchBuilder b = new BatchBuilder(schema, pool, 8)) {
            for (int r = 0; r < rows; r++) {
                Object[] row = new Object[schema.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = v.value(schema.field(c));
                }
                input.add(row);
                b.appendRow(row);
            }
            try (Batch batch = b.seal()) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < schema.size(); c++) {
                        assertThat(batch.getObject(c, r)).as("row %d column %s", r, schema.field(c)).isEqualTo(input.get(r)[c]);
                    }
                }
            }
        }
    }

    @Example
    void schemasFollowJavaTypes() {
        assertThat(RowMapper.of(Everything.class).schema().toString()).isEqualTo("(flag boolean not null, maybeFlag boolean, "
                + "count int32 not null, maybeCount int32, id int64 not null, maybeId int64, ratio float32 not null, maybeRatio float32, "
                + "price float64 not null, maybePrice float64, name utf8, amount decimal(12,2), defaultScaled decimal(18,6), "
                + "day date, at timestamp, when timestamp, color utf8)");
        assertThat(RowMapper.of(Order.class).schema().toString())
                .isEqualTo("(customer utf8, orderId int64 not null, paid boolean not null, placed date, total decimal(10,2))");
    }

    @Example
    void unsupportedClassesGetClearErrors() {
        assertThatThrownBy(() -> RowMapper.of(WithList.class))
                .hasMessageContaining("Cannot map " + WithList.class.getName())
                .hasMessageContaining("property 'tags' has type java.util.List");
        assertThatThrownBy(() -> RowMapper.of(NoDefaultConstructor.class))
                .hasMessageContaining("no-argument constructor").hasMessageContaining("NoDefaultConstructor");
    }

    @Example
    void readingIntoIncompatibleClassesNamesTheColumn() {
        try (Batch boxed = RowMapper.of(Boxed.class).toBatch(java.util.Arrays.asList(new Boxed(1), new Boxed(null)), pool)) {
            assertThatThrownBy(() -> RowMapper.of(Primitive.class).readAll(boxed))
                    .hasMessageContaining("Column 'value' is null at row 1")
                    .hasMessageContaining("is a primitive int");
            assertThatThrownBy(() -> RowMapper.of(Order.class).readAll(boxed)).hasMessageContaining("Batch has no column 'customer'");
        }
        Schema wrong = Schema.of(Field.nullable("value", DataType.INT64));
        try (BatchBuilder b = new BatchBuilder(wrong, pool); Batch batch = b.appendLong(0, 1).seal()) {
            assertThatThrownBy(() -> RowMapper.of(Boxed.class).readAll(batch))
                    .hasMessageContaining("Column 'value' has type int64 but " + Boxed.class.getName() + ".value needs int32");
        }
    }

    @Example
    void valuesThatDoNotFitAreRejectedNotRounded() {
        Everything tooPrecise = new Everything(true, null, 0, null, 0, null, 0, null, 0, null, null,
                new BigDecimal("1.005"), null, null, null, null, null);
        assertThatThrownBy(() -> RowMapper.of(Everything.class).toBatch(List.of(tooPrecise), pool))
                .hasMessageContaining("Value 1.005 does not fit column 'amount' (decimal(12,2)) at row 0");
        assertThat(pool.used()).isZero();
    }
}
