package io.basalt.benchmarks.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;

/** Validates the DuckDB side of the benchmark (loading and SQL) against a row-by-row Java computation at SF 0.01. */
class DuckDbTpchTest {
    private static final double SF = 0.01;
    private static DuckDbTpch duckDb;

    @BeforeAll
    static void load() throws Exception {
        duckDb = DuckDbTpch.open(2);
        duckDb.load(SF);
    }

    @AfterAll
    static void close() throws Exception {
        duckDb.close();
    }

    @Test
    void generatorDatesAreEpochDays() {
        LineItem first = new LineItemGenerator(SF, 1, 1).iterator().next();
        assertThat(first.toLine()).contains(LocalDate.ofEpochDay(first.shipDate()).toString());
    }

    @Test
    void loadsEveryRow() throws Exception {
        long generated = 0;
        for (LineItem ignored : new LineItemGenerator(SF, 1, 1)) {
            generated++;
        }
        assertThat(duckDb.rows()).isEqualTo(generated);
        assertThat(duckDb.query("SELECT count(*) FROM lineitem").getFirst()[0]).isEqualTo(generated);
    }

    @Test
    void q1MatchesReferenceExactly() throws Exception {
        List<Object[]> actual = duckDb.q1();
        List<Object[]> expected = LineItemReference.q1(SF);
        assertThat(actual).hasSize(4);
        assertThat(TpchResultCheck.compareQ1(expected, actual)).isEmpty();
        for (int r = 0; r < 4; r++) {
            for (int c = 2; c <= 5; c++) {
                assertThat((BigDecimal) actual.get(r)[c]).as("row %d column %d unrounded", r, c).isEqualByComparingTo((BigDecimal) expected.get(r)[c]);
            }
        }
        assertThat(actual).extracting(row -> row[0] + "" + row[1]).containsExactly("AF", "NF", "NO", "RF");
    }

    @Test
    void q6MatchesReferenceExactly() throws Exception {
        List<Object[]> actual = duckDb.q6();
        BigDecimal expected = (BigDecimal) LineItemReference.q6(SF).getFirst()[0];
        assertThat(actual).hasSize(1);
        assertThat((BigDecimal) actual.getFirst()[0]).isEqualByComparingTo(expected);
        assertThat(expected.signum()).isPositive();
    }

    @Test
    void checkReportsDifferences() throws Exception {
        List<Object[]> expected = duckDb.q1();
        List<Object[]> changed = new ArrayList<>();
        for (Object[] row : expected) {
            changed.add(row.clone());
        }
        changed.get(2)[3] = ((BigDecimal) expected.get(2)[3]).add(new BigDecimal("0.01"));
        changed.get(3)[8] = ((Double) expected.get(3)[8]) * (1 + 1e-5);
        changed.get(1)[6] = ((Double) expected.get(1)[6]) * (1 + 1e-8);
        changed.get(0)[5] = ((BigDecimal) expected.get(0)[5]).add(new BigDecimal("0.000001"));
        assertThat(TpchResultCheck.compareQ1(expected, changed))
                .containsExactly("Q1 row 2 sum_base_price: expected " + expected.get(2)[3] + ", got " + changed.get(2)[3],
                        "Q1 row 3 avg_disc: expected " + expected.get(3)[8] + ", got " + changed.get(3)[8]);
        assertThat(TpchResultCheck.compareQ1(expected, expected.subList(0, 3))).containsExactly("Q1: expected 4 rows, got 3");
        assertThat(TpchResultCheck.compareQ6(List.<Object[]>of(new Object[] {new BigDecimal("1.005")}),
                List.<Object[]>of(new Object[] {1.0050000001}))).isEmpty();
    }

    @Test
    void decimalAveragesMayDifferByHalfAUnitInTheLastPlace() throws Exception {
        List<Object[]> expected = duckDb.q1();
        List<Object[]> changed = new ArrayList<>();
        for (Object[] row : expected) {
            changed.add(row.clone());
        }
        changed.get(0)[6] = BigDecimal.valueOf((Double) expected.get(0)[6]).setScale(2, java.math.RoundingMode.HALF_UP);
        changed.get(0)[8] = BigDecimal.valueOf((Double) expected.get(0)[8]).setScale(2, java.math.RoundingMode.HALF_UP);
        assertThat(TpchResultCheck.compareQ1(expected, changed)).isEmpty();
        changed.get(0)[8] = ((BigDecimal) changed.get(0)[8]).add(new BigDecimal("0.01"));
        assertThat(TpchResultCheck.compareQ1(expected, changed)).singleElement().asString().startsWith("Q1 row 0 avg_disc");
        changed.get(0)[8] = BigDecimal.valueOf((Double) expected.get(0)[8]).setScale(4, java.math.RoundingMode.DOWN).add(new BigDecimal("0.0001"));
        assertThat(TpchResultCheck.compareQ1(expected, changed)).isEmpty();
        changed.get(0)[8] = ((BigDecimal) changed.get(0)[8]).add(new BigDecimal("0.0001"));
        assertThat(TpchResultCheck.compareQ1(expected, changed)).singleElement().asString().startsWith("Q1 row 0 avg_disc");
    }
}
