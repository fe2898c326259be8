package io.basalt.examples.tpch;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiFunction;

import io.basalt.api.dataset.DataSet;
import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.examples.ExampleOptions;
import io.basalt.runtime.BasaltExample;
import io.basalt.runtime.ExampleContext;
import io.basalt.runtime.types.Row;

/**
 * Runs one TPC-H query on data generated in the job: {@code basalt run tpch-q1 [--sf 0.1] [--parallelism 2]}.
 * Prints the result rows, the run time and per-operator metrics.
 */
abstract class TpchExample implements BasaltExample {
    private final String query;
    private final BiFunction<ExecutionEnvironment, Double, DataSet<Row>> plan;

    TpchExample(String query, BiFunction<ExecutionEnvironment, Double, DataSet<Row>> plan) {
        this.query = query;
        this.plan = plan;
    }

    @Override
    public String name() {
        return "tpch-" + query;
    }

    @Override
    public String description() {
        return "TPC-H " + query.toUpperCase() + " on generated data (--sf scale factor, default 0.1; --parallelism N)";
    }

    @Override
    public int run(ExampleContext context, String[] args) throws Exception {
        double sf = 0.1;
        ExecutionEnvironment env = ExecutionEnvironment.getExecutionEnvironment().setMemory(context.memoryBudgetBytes() + "");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sf" -> sf = ExampleOptions.positiveNumber(ExampleOptions.value(args, ++i, "--sf"), "--sf");
                case "--parallelism" -> env.setParallelism(ExampleOptions.positiveInt(ExampleOptions.value(args, ++i, "--parallelism"), "--parallelism"));
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; expected --sf <scale factor> or --parallelism <n>");
            }
        }
        PrintWriter out = context.out();
        DataSet<Row> result = plan.apply(env, sf);
        List<Row> rows = result.collect();
        out.print(TpchQueries.format(rows));
        out.printf("TPC-H %s at scale factor %s, parallelism %d: %d rows%n", query.toUpperCase(), sf, env.getParallelism(), rows.size());
        out.print(env.getLastJobExecutionResult().describeMetrics());
        out.flush();
        return 0;
    }

    /** {@code tpch-q1}. */
    public static final class Q1 extends TpchExample {
        public Q1() {
            super("q1", (env, sf) -> TpchQueries.q1(TpchQueries.lineitem(env, sf)));
        }
    }

    /** {@code tpch-q6}. */
    public static final class Q6 extends TpchExample {
        public Q6() {
            super("q6", (env, sf) -> TpchQueries.q6(TpchQueries.lineitem(env, sf)));
        }
    }

    /** {@code tpch-q3}. */
    public static final class Q3 extends TpchExample {
        public Q3() {
            super("q3", (env, sf) -> TpchQueries.q3(TpchQueries.table(env, TpchSource.Table.CUSTOMER, sf),
                    TpchQueries.table(env, TpchSource.Table.ORDERS, sf), TpchQueries.lineitem(env, sf)));
        }
    }
}
