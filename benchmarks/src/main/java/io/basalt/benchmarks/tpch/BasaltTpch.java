package io.basalt.benchmarks.tpch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.api.dataset.JobExecutionResult;
import io.basalt.examples.tpch.LineItemSource;
import io.basalt.examples.tpch.TpchQueries;
import io.basalt.runtime.types.Row;

/**
 * The Basalt side of the TPC-H benchmark: runs the example programs {@link TpchQueries#q1} and
 * {@link TpchQueries#q6} over pre-generated lineitem batches, each run as a fresh job on a fresh
 * local environment (as a user's program would). Used by one thread.
 */
public final class BasaltTpch {
    private final InMemoryLineItem lineitem;
    private final int parallelism;
    private final String memory;
    private JobExecutionResult lastJob;

    /** @param memory the managed memory of each job, e.g. {@code "2g"} */
    public BasaltTpch(InMemoryLineItem lineitem, int parallelism, String memory) {
        this.lineitem = lineitem;
        this.parallelism = parallelism;
        this.memory = memory;
    }

    public List<Object[]> q1() throws Exception {
        return run(TpchQueries::q1);
    }

    public List<Object[]> q6() throws Exception {
        return run(TpchQueries::q6);
    }

    /** The explained physical plan of Q1 or Q6 (for reports). */
    public String explain(UnaryOperator<DataSet<Row>> query) {
        return query.apply(source(environment())).explain();
    }

    private List<Object[]> run(UnaryOperator<DataSet<Row>> query) throws Exception {
        ExecutionEnvironment env = environment();
        List<Row> rows = query.apply(source(env)).collect();
        lastJob = env.getLastJobExecutionResult();
        List<Object[]> result = new ArrayList<>(rows.size());
        for (Row r : rows) {
            result.add(r.values().toArray());
        }
        return result;
    }

    private ExecutionEnvironment environment() {
        return ExecutionEnvironment.createLocalEnvironment(parallelism).setMemory(memory);
    }

    private DataSet<Row> source(ExecutionEnvironment env) {
        return env.fromSource(lineitem.sourceFactory(), LineItemSource.SCHEMA, lineitem.rows());
    }

    /** The job of the last run: duration without environment start-up, and per-operator metrics. */
    public JobExecutionResult lastJob() {
        return lastJob;
    }
}
