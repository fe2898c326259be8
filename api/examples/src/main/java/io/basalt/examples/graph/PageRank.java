package io.basalt.examples.graph;

import static io.basalt.runtime.expr.Expr.col;

import io.basalt.api.dataset.AggCall;
import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.IterativeDataSet;
import io.basalt.data.DataType;
import io.basalt.runtime.types.Row;

/**
 * PageRank as a native bulk iteration: each superstep sends every page's rank, split evenly over
 * its out-links, to the link targets, sums what each page receives and applies the damping factor.
 * The link table (with out-degrees) is computed once, outside the loop, and replayed each superstep.
 */
public final class PageRank {
    /** A page and its rank. */
    public record Rank(long id, double rank) {}

    /** A directed link. */
    public record Link(long src, long dst) {}

    private PageRank() {}

    /** {@code iterations} supersteps of PageRank over {@code pages} (initial ranks, typically 1/N each) and {@code links}. */
    public static DataSet<Rank> pageRank(DataSet<Rank> pages, DataSet<Link> links, long pageCount, double damping, int iterations) {
        DataSet<Row> degrees = links.groupBy("src").agg(AggCall.count().as("degree"));
        DataSet<Row> weightedLinks = links.join(degrees).where("src").equalTo("src")
                .select(col("src"), col("dst"), col("degree").cast(DataType.FLOAT64).as("degree"));
        IterativeDataSet<Rank> ranks = pages.iterate(iterations);
        DataSet<Row> received = ranks.join(weightedLinks).where("id").equalTo("src")
                .select(col("dst"), col("rank").div(col("degree")).as("share"))
                .groupBy("dst").agg(AggCall.sum("share").as("received"));
        double base = (1 - damping) / pageCount;
        DataSet<Rank> next = ranks.leftOuterJoin(received).where("id").equalTo("dst")
                .with((Rank page, Row in) -> new Rank(page.id(), base + damping * (in == null ? 0.0 : (Double) in.get(1))), Rank.class);
        return ranks.closeWith(next);
    }
}
