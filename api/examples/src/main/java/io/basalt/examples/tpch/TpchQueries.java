package io.basalt.examples.tpch;

import static io.basalt.runtime.expr.Expr.col;
import static io.basalt.runtime.expr.Expr.dec;
import static io.basalt.runtime.expr.Expr.lit;

import java.time.LocalDate;
import java.util.List;

import io.basalt.api.dataset.AggCall;
import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.runtime.types.Row;

/** TPC-H queries written with the DataSet API's vectorized expressions (validation parameters of the spec). */
public final class TpchQueries {
    private TpchQueries() {}

    public static DataSet<Row> table(ExecutionEnvironment env, TpchSource.Table table, double scaleFactor) {
        return env.fromSource(TpchSource.factory(table, scaleFactor), table.schema(), table.estimatedRows(scaleFactor));
    }

    public static DataSet<Row> lineitem(ExecutionEnvironment env, double scaleFactor) {
        return table(env, TpchSource.Table.LINEITEM, scaleFactor);
    }

    /** Q3, shipping priority (SEGMENT = BUILDING, DATE = 1995-03-15): the 10 unshipped orders with the highest revenue. */
    public static DataSet<Row> q3(DataSet<Row> customer, DataSet<Row> orders, DataSet<Row> lineitem) {
        LocalDate date = LocalDate.of(1995, 3, 15);
        DataSet<Row> buildingOrders = orders
                .filter(col("o_orderdate").lt(lit(date)))
                .project("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .semiJoin(customer.filter(col("c_mktsegment").eq(lit("BUILDING"))).project("c_custkey"))
                .where("o_custkey").equalTo("c_custkey");
        return lineitem
                .filter(col("l_shipdate").gt(lit(date)))
                .select(col("l_orderkey"), col("l_extendedprice").times(dec("1").minus(col("l_discount"))).as("volume"))
                .join(buildingOrders).where("l_orderkey").equalTo("o_orderkey")
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .agg(AggCall.sum("volume").as("revenue"))
                .project("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .sortPartition("revenue", DataSet.Order.DESCENDING).sortPartition("o_orderdate", DataSet.Order.ASCENDING)
                .setParallelism(1)
                .first(10);
    }

    /** Q1, pricing summary report (DELTA = 90 days). */
    public static DataSet<Row> q1(DataSet<Row> lineitem) {
        return lineitem
                .filter(col("l_shipdate").le(lit(LocalDate.of(1998, 12, 1).minusDays(90))))
                .select(col("l_returnflag"), col("l_linestatus"), col("l_quantity"), col("l_extendedprice"), col("l_discount"),
                        col("l_extendedprice").times(dec("1").minus(col("l_discount"))).as("disc_price"),
                        col("l_extendedprice").times(dec("1").minus(col("l_discount"))).times(dec("1").plus(col("l_tax"))).as("charge"))
                .groupBy("l_returnflag", "l_linestatus")
                .agg(AggCall.sum("l_quantity").as("sum_qty"), AggCall.sum("l_extendedprice").as("sum_base_price"),
                        AggCall.sum("disc_price").as("sum_disc_price"), AggCall.sum("charge").as("sum_charge"),
                        AggCall.avg("l_quantity").as("avg_qty"), AggCall.avg("l_extendedprice").as("avg_price"),
                        AggCall.avg("l_discount").as("avg_disc"), AggCall.count().as("count_order"))
                .sortPartition("l_returnflag", DataSet.Order.ASCENDING).sortPartition("l_linestatus", DataSet.Order.ASCENDING)
                .setParallelism(1);
    }

    /** Q6, forecasting revenue change (DATE = 1994-01-01, DISCOUNT = 0.06, QUANTITY = 24). */
    public static DataSet<Row> q6(DataSet<Row> lineitem) {
        return lineitem
                .filter(col("l_shipdate").ge(lit(LocalDate.of(1994, 1, 1))).and(col("l_shipdate").lt(lit(LocalDate.of(1995, 1, 1))))
                        .and(col("l_discount").between(dec("0.05"), dec("0.07"))).and(col("l_quantity").lt(lit(24))))
                .select(col("l_extendedprice").times(col("l_discount")).as("revenue"))
                .agg(AggCall.sum("revenue").as("revenue"));
    }

    /** Formats result rows one per line, columns separated by '|', as the TPC-H answer files. */
    public static String format(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    sb.append('|');
                }
                sb.append(r.get(i));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
