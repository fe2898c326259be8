package io.basalt.benchmarks.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.basalt.api.dataset.AggCall;
import io.basalt.api.dataset.ExecutionEnvironment;
import io.basalt.examples.tpch.LineItemSource;
import io.basalt.runtime.types.Row;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;

/** The key correctness check of the benchmark: Basalt's Q1 and Q6 over the in-memory lineitem equal DuckDB's at SF 0.01. */
class BasaltVsDuckDbTest {
    private static final double SF = 0.01;
    private static InMemoryLineItem lineitem;
    private static DuckDbTpch duckDb;

    @BeforeAll
    static void load() throws Exception {
        // Small batches, so that both subtasks get several.
        lineitem = InMemoryLineItem.generate(SF, 4096, 2, 64L << 20);
        duckDb = DuckDbTpch.open(2);
        duckDb.load(SF);
    }

    @AfterAll
    static void close() throws Exception {
        duckDb.close();
        lineitem.close();
    }

    @Test
    void q1AgreesWithDuckDb() throws Exception {
        List<Object[]> basalt = new BasaltTpch(lineitem, 2, "256m").q1();
        assertThat(TpchResultCheck.compareQ1(duckDb.q1(), basalt)).isEmpty();
        assertThat(TpchResultCheck.compareQ1(LineItemReference.q1(SF), basalt)).isEmpty();
        // Stricter than the tolerance: Basalt's AVG(decimal(15,2)) is the exact quotient rounded to 2 places.
        List<BigDecimal[]> averages = LineItemReference.q1DecimalAverages(SF);
        for (int r = 0; r < averages.size(); r++) {
            for (int a = 0; a < 3; a++) {
                assertThat(basalt.get(r)[6 + a]).as("row %d average %d", r, a).isEqualTo(averages.get(r)[a]);
            }
        }
    }

    @Test
    void q6AgreesWithDuckDb() throws Exception {
        List<Object[]> basalt = new BasaltTpch(lineitem, 2, "256m").q6();
        assertThat(TpchResultCheck.compareQ6(duckDb.q6(), basalt)).isEmpty();
        assertThat(TpchResultCheck.compareQ6(LineItemReference.q6(SF), basalt)).isEmpty();
    }

    @Test
    void replaysEveryRowOnceAtAnyParallelism() throws Exception {
        long sum = 0;
        long count = 0;
        for (LineItem l : new LineItemGenerator(SF, 1, 1)) {
            sum += l.orderKey();
            count++;
        }
        long orderKeySum = sum;
        long rows = count;
        assertThat(lineitem.rows()).isEqualTo(rows);
        for (int parallelism : new int[] {1, 3}) {
            ExecutionEnvironment env = ExecutionEnvironment.createLocalEnvironment(parallelism).setMemory("64m");
            List<Row> result = env.fromSource(lineitem.sourceFactory(), LineItemSource.SCHEMA, lineitem.rows())
                    .agg(AggCall.count().as("n"), AggCall.sum("l_orderkey").as("s")).collect();
            assertThat(result).singleElement().satisfies(r -> {
                assertThat(((Number) r.get(0)).longValue()).isEqualTo(rows);
                assertThat(((Number) r.get(1)).longValue()).isEqualTo(orderKeySum);
            });
        }
    }
}
