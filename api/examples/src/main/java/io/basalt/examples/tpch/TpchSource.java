package io.basalt.examples.tpch;

import java.util.Iterator;

import io.basalt.data.Batch;
import io.basalt.data.BatchBuilder;
import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorContext;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.SourceOperator;
import io.trino.tpch.Customer;
import io.trino.tpch.CustomerGenerator;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;

/**
 * Generates a TPC-H table with the reference generator (io.trino.tpch): subtask {@code i} of
 * {@code p} generates part {@code i+1} of {@code p}, so any parallelism yields exactly the same
 * rows. Money and quantities are decimal(15,2), dates are dates, all columns NOT NULL.
 *
 * @param <E> the generator's row type
 */
public final class TpchSource<E> implements SourceOperator {
    public static final DataType MONEY = DataType.decimal(15, 2);

    /** The tables this source generates. */
    public enum Table {
        LINEITEM(6_001_215, Schema.of(
                Field.notNull("l_orderkey", DataType.INT64), Field.notNull("l_partkey", DataType.INT64), Field.notNull("l_suppkey", DataType.INT64),
                Field.notNull("l_linenumber", DataType.INT32), Field.notNull("l_quantity", MONEY), Field.notNull("l_extendedprice", MONEY),
                Field.notNull("l_discount", MONEY), Field.notNull("l_tax", MONEY), Field.notNull("l_returnflag", DataType.UTF8),
                Field.notNull("l_linestatus", DataType.UTF8), Field.notNull("l_shipdate", DataType.DATE), Field.notNull("l_commitdate", DataType.DATE),
                Field.notNull("l_receiptdate", DataType.DATE), Field.notNull("l_shipinstruct", DataType.UTF8), Field.notNull("l_shipmode", DataType.UTF8),
                Field.notNull("l_comment", DataType.UTF8))),
        ORDERS(1_500_000, Schema.of(
                Field.notNull("o_orderkey", DataType.INT64), Field.notNull("o_custkey", DataType.INT64), Field.notNull("o_orderstatus", DataType.UTF8),
                Field.notNull("o_totalprice", MONEY), Field.notNull("o_orderdate", DataType.DATE), Field.notNull("o_orderpriority", DataType.UTF8),
                Field.notNull("o_clerk", DataType.UTF8), Field.notNull("o_shippriority", DataType.INT32), Field.notNull("o_comment", DataType.UTF8))),
        CUSTOMER(150_000, Schema.of(
                Field.notNull("c_custkey", DataType.INT64), Field.notNull("c_name", DataType.UTF8), Field.notNull("c_address", DataType.UTF8),
                Field.notNull("c_nationkey", DataType.INT64), Field.notNull("c_phone", DataType.UTF8), Field.notNull("c_acctbal", MONEY),
                Field.notNull("c_mktsegment", DataType.UTF8), Field.notNull("c_comment", DataType.UTF8)));

        final long rowsAtScale1;
        final Schema schema;

        Table(long rowsAtScale1, Schema schema) {
            this.rowsAtScale1 = rowsAtScale1;
            this.schema = schema;
        }

        public Schema schema() {
            return schema;
        }

        public long estimatedRows(double scaleFactor) {
            return Math.max(1, (long) (rowsAtScale1 * scaleFactor));
        }
    }

    private final Table table;
    private final double scaleFactor;
    private OperatorContext context;
    private Iterator<?> rows;

    public TpchSource(Table table, double scaleFactor) {
        if (!(scaleFactor > 0)) {
            throw new IllegalArgumentException("The TPC-H scale factor must be positive, got " + scaleFactor);
        }
        this.table = table;
        this.scaleFactor = scaleFactor;
    }

    public static OperatorFactory factory(Table table, double scaleFactor) {
        return OperatorFactory.of("TPC-H " + table.name().toLowerCase(java.util.Locale.ROOT) + "(sf=" + scaleFactor + ")", 0,
                () -> new TpchSource<>(table, scaleFactor));
    }

    @Override
    public void open(OperatorContext context) {
        this.context = context;
        int part = context.subtaskIndex() + 1;
        int parts = context.parallelism();
        this.rows = switch (table) {
            case LINEITEM -> new LineItemGenerator(scaleFactor, part, parts).iterator();
            case ORDERS -> new OrderGenerator(scaleFactor, part, parts).iterator();
            case CUSTOMER -> new CustomerGenerator(scaleFactor, part, parts).iterator();
        };
    }

    @Override
    public boolean emitNext() throws Exception {
        if (!rows.hasNext()) {
            return false;
        }
        int n = context.batchRows();
        try (BatchBuilder b = new BatchBuilder(table.schema, context.pool(), n)) {
            for (int i = 0; i < n && rows.hasNext(); i++) {
                switch (rows.next()) {
                    case LineItem l -> appendLineItem(b, l);
                    case Order o -> appendOrder(b, o);
                    case Customer c -> appendCustomer(b, c);
                    default -> throw new IllegalStateException("unexpected row type");
                }
            }
            try (Batch batch = b.seal()) {
                context.output().emit(batch);
            }
        }
        return rows.hasNext();
    }

    /** Appends one lineitem row in this table's column order and encoding. */
    public static void appendLineItem(BatchBuilder b, LineItem l) {
        b.appendLong(0, l.orderKey());
        b.appendLong(1, l.partKey());
        b.appendLong(2, l.supplierKey());
        b.appendInt(3, l.lineNumber());
        b.appendDecimalUnscaled(4, l.quantity() * 100);
        b.appendDecimalUnscaled(5, l.extendedPriceInCents());
        b.appendDecimalUnscaled(6, l.discountPercent());
        b.appendDecimalUnscaled(7, l.taxPercent());
        b.appendString(8, l.returnFlag());
        b.appendString(9, l.status());
        b.appendDateDays(10, l.shipDate());
        b.appendDateDays(11, l.commitDate());
        b.appendDateDays(12, l.receiptDate());
        b.appendString(13, l.shipInstructions());
        b.appendString(14, l.shipMode());
        b.appendString(15, l.comment());
    }

    private static void appendOrder(BatchBuilder b, Order o) {
        b.appendLong(0, o.orderKey());
        b.appendLong(1, o.customerKey());
        b.appendString(2, String.valueOf(o.orderStatus()));
        b.appendDecimalUnscaled(3, o.totalPriceInCents());
        b.appendDateDays(4, o.orderDate());
        b.appendString(5, o.orderPriority());
        b.appendString(6, o.clerk());
        b.appendInt(7, o.shipPriority());
        b.appendString(8, o.comment());
    }

    private static void appendCustomer(BatchBuilder b, Customer c) {
        b.appendLong(0, c.customerKey());
        b.appendString(1, c.name());
        b.appendString(2, c.address());
        b.appendLong(3, c.nationKey());
        b.appendString(4, c.phone());
        b.appendDecimalUnscaled(5, c.accountBalanceInCents());
        b.appendString(6, c.marketSegment());
        b.appendString(7, c.comment());
    }

    @Override
    public void close() {}
}
