package io.basalt.api.dataset;

import static io.basalt.runtime.expr.Expr.col;
import static io.basalt.runtime.expr.Expr.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.basalt.functions.Collector;
import io.basalt.runtime.exec.JobExecutionException;
import io.basalt.runtime.types.Row;

/** The DataSet API end to end on the embedded cluster, each operation checked against a Java-collections reference. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataSetTest {
    public record Sale(long id, String customer, int quantity, double price) {}

    public record Customer(String name, String city) {}

    public record CityTotal(String city, long quantity) {}

    public record WordCount(String word, long count) {}

    private static ExecutionEnvironment env(int parallelism) {
        return ExecutionEnvironment.createLocalEnvironment(parallelism).setBatchRows(500).setMemory("256m");
    }

    private static List<Sale> sales(int n, long seed) {
        Random random = new Random(seed);
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sales.add(new Sale(i, random.nextInt(20) == 0 ? null : "c" + random.nextInt(300), random.nextInt(10), random.nextInt(10_000) / 100.0));
        }
        return sales;
    }

    private static List<Customer> customers() {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 250; i += 1) {
            customers.add(new Customer("c" + i, i % 7 == 0 ? null : "city" + i % 13));
        }
        customers.add(new Customer("c3", "duplicate-city"));
        return customers;
    }

    @Test
    void wordCountWithFlatMapAndGroupedSum() throws Exception {
        List<String> lines = List.of("a b c", "b c", "c", "", "A b");
        ExecutionEnvironment env = env(2);
        List<WordCount> counts = env.fromCollection(lines, String.class)
                .flatMap((String line, Collector<WordCount> out) -> {
                    for (String w : line.toLowerCase().split(" ")) {
                        if (!w.isEmpty()) {
                            out.collect(new WordCount(w, 1));
                        }
                    }
                }, WordCount.class)
                .groupBy("word").sum("count").collect();
        assertThat(counts).containsExactlyInAnyOrder(new WordCount("a", 2), new WordCount("b", 3), new WordCount("c", 3));
    }

    @Test
    void mapFilterAndExpressionsMatchStreams() throws Exception {
        List<Sale> data = sales(5000, 1);
        ExecutionEnvironment env = env(3);
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        assertThat(multiset(sales.filter(s -> s.quantity() > 4).collect())).isEqualTo(
                multiset(data.stream().filter(s -> s.quantity() > 4).toList()));
        assertThat(multiset(sales.filter(col("quantity").gt(lit(4)).and(col("customer").isNotNull())).collect())).isEqualTo(
                multiset(data.stream().filter(s -> s.quantity() > 4 && s.customer() != null).toList()));
        List<Row> projected = sales.select(col("id"), col("price").times(col("quantity")).as("total")).collect();
        Map<Long, Double> expected = data.stream().collect(Collectors.toMap(Sale::id, s -> s.price() * s.quantity()));
        assertThat(projected).hasSize(data.size()).allSatisfy(r -> assertThat((Double) r.get(1)).isEqualTo(expected.get((Long) r.get(0))));
        assertThat(multiset(sales.map(s -> s.id() * 2, Long.class).collect())).isEqualTo(multiset(data.stream().map(s -> s.id() * 2).toList()));
        assertThat(sales.count()).isEqualTo(5000);
    }

    @Test
    void aggregationsDistinctFirstAndUnion() throws Exception {
        List<Sale> data = sales(20_000, 2);
        ExecutionEnvironment env = env(2);
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        List<Row> agg = sales.groupBy("customer").agg(AggCall.sum("quantity").as("q"), AggCall.count().as("n"), AggCall.max("price").as("max"),
                AggCall.min("id").as("first")).collect();
        Map<String, List<Sale>> groups = new HashMap<>();
        data.forEach(s -> groups.computeIfAbsent(s.customer(), k -> new ArrayList<>()).add(s));
        assertThat(agg).hasSize(groups.size());
        for (Row r : agg) {
            List<Sale> g = groups.get((String) r.get(0));
            assertThat(r.get(1)).isEqualTo(g.stream().mapToLong(Sale::quantity).sum());
            assertThat(r.get(2)).isEqualTo((long) g.size());
            assertThat(r.get(3)).isEqualTo(g.stream().mapToDouble(Sale::price).max().orElseThrow());
            assertThat(r.get(4)).isEqualTo(g.stream().mapToLong(Sale::id).min().orElseThrow());
        }
        Row total = sales.agg(AggCall.sum("quantity").as("q"), AggCall.avg("price").as("avg")).collect().getFirst();
        assertThat(total.get(0)).isEqualTo(data.stream().mapToLong(Sale::quantity).sum());
        assertThat((Double) total.get(1)).isCloseTo(data.stream().mapToDouble(Sale::price).average().orElseThrow(), org.assertj.core.data.Offset.offset(1e-9));
        Set<Row> distinct = new HashSet<>(sales.distinct("customer", "quantity").collect());
        Set<Row> expectedDistinct = data.stream().map(s -> Row.of(s.customer(), s.quantity())).collect(Collectors.toSet());
        assertThat(distinct).isEqualTo(expectedDistinct);
        assertThat(sales.first(7).collect()).hasSize(7).allMatch(data::contains);
        assertThat(sales.union(sales).count()).isEqualTo(40_000);
        assertThat(sales.groupBy("customer").reduce((a, b) -> a.id() < b.id() ? a : b).collect()).containsExactlyInAnyOrderElementsOf(
                groups.values().stream().map(g -> g.stream().min(Comparator.comparingLong(Sale::id)).orElseThrow()).toList());
    }

    @Test
    void joinsOfEveryKindMatchNestedLoops() throws Exception {
        List<Sale> data = sales(3000, 3);
        List<Customer> cust = customers();
        for (JoinHint hint : List.of(JoinHint.OPTIMIZER_CHOOSES, JoinHint.REPARTITION_HASH_FIRST, JoinHint.BROADCAST_HASH_SECOND, JoinHint.REPARTITION_SORT_MERGE)) {
            ExecutionEnvironment env = env(2);
            DataSet<Sale> sales = env.fromCollection(data, Sale.class);
            DataSet<Customer> customers = env.fromCollection(cust, Customer.class);
            List<Row> inner = sales.join(customers, hint).where("customer").equalTo("name").project("id", "city").collect();
            List<Row> expected = new ArrayList<>();
            for (Sale s : data) {
                for (Customer c : cust) {
                    if (s.customer() != null && s.customer().equals(c.name())) {
                        expected.add(Row.of(s.id(), c.city()));
                    }
                }
            }
            assertThat(multiset(inner)).as("%s", hint).isEqualTo(multiset(expected));
        }
        ExecutionEnvironment env = env(2);
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        DataSet<Customer> customers = env.fromCollection(cust, Customer.class);
        Set<String> names = cust.stream().map(Customer::name).collect(Collectors.toSet());
        Set<String> buyers = data.stream().map(Sale::customer).filter(Objects::nonNull).collect(Collectors.toSet());
        List<Row> left = sales.leftOuterJoin(customers).where("customer").equalTo("name").project("id", "name").collect();
        assertThat(left.stream().filter(r -> r.get(1) == null).count())
                .isEqualTo(data.stream().filter(s -> s.customer() == null || !names.contains(s.customer())).count());
        List<Row> full = sales.fullOuterJoin(customers).where("customer").equalTo("name").project("id", "name").collect();
        assertThat(full.stream().filter(r -> r.get(0) == null).count()).isEqualTo(cust.stream().filter(c -> !buyers.contains(c.name())).count());
        assertThat(customers.semiJoin(sales).where("name").equalTo("customer").as(Customer.class).collect())
                .containsExactlyInAnyOrderElementsOf(cust.stream().filter(c -> buyers.contains(c.name())).toList());
        assertThat(customers.antiJoin(sales).where("name").equalTo("customer").as(Customer.class).collect())
                .containsExactlyInAnyOrderElementsOf(cust.stream().filter(c -> !buyers.contains(c.name())).toList());
        List<CityTotal> withFunction = sales.join(customers).where("customer").equalTo("name")
                .with((Sale s, Customer c) -> new CityTotal(c.city(), s.quantity()), CityTotal.class)
                .groupBy("city").sum("quantity").collect();
        Map<String, Long> perCity = new HashMap<>();
        for (Sale s : data) {
            for (Customer c : cust) {
                if (s.customer() != null && s.customer().equals(c.name())) {
                    perCity.merge(c.city(), (long) s.quantity(), Long::sum);
                }
            }
        }
        assertThat(withFunction).hasSize(perCity.size()).allSatisfy(t -> assertThat(t.quantity()).isEqualTo(perCity.get(t.city())));
    }

    @Test
    void coGroupCrossAndSortPartition() throws Exception {
        List<Sale> data = sales(2000, 4);
        ExecutionEnvironment env = env(2);
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        DataSet<Customer> customers = env.fromCollection(customers(), Customer.class);
        List<String> coGrouped = customers.coGroup(sales).where("name").equalTo("customer")
                .with((Iterable<Customer> cs, Iterable<Sale> ss, Collector<String> out) -> {
                    int n = 0;
                    String name = null;
                    for (Customer c : cs) {
                        name = c.name();
                        n++;
                    }
                    int m = 0;
                    for (Sale s : ss) {
                        name = s.customer();
                        m++;
                    }
                    out.collect(name + ":" + n + ":" + m);
                }, String.class).collect();
        Map<String, long[]> ref = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        customers().forEach(c -> ref.computeIfAbsent(c.name(), k -> new long[2])[0]++);
        data.forEach(s -> ref.computeIfAbsent(s.customer(), k -> new long[2])[1]++);
        assertThat(coGrouped).containsExactlyInAnyOrderElementsOf(ref.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1]).toList());
        DataSet<Long> small = env.generateSequence(1, 30);
        DataSet<Long> other = env.generateSequence(1, 40);
        assertThat(small.cross(other).count()).isEqualTo(1200);
        List<Sale> sorted = sales.sortPartition("price", DataSet.Order.DESCENDING).sortPartition("id", DataSet.Order.ASCENDING).setParallelism(1).collect();
        assertThat(sorted).isEqualTo(data.stream().sorted(Comparator.comparingDouble(Sale::price).reversed().thenComparingLong(Sale::id)).toList());
    }

    @Test
    void partitionByRangeThenSortIsAParallelTotalSortAndHashPartitioningIsReused() throws Exception {
        List<Sale> data = sales(30_000, 8);
        ExecutionEnvironment env = env(3);
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        List<Sale> sorted = sales.partitionByRange("price").sortPartition("price", DataSet.Order.ASCENDING).sortPartition("id", DataSet.Order.ASCENDING)
                .collect();
        assertThat(sorted).isEqualTo(data.stream().sorted(Comparator.comparingDouble(Sale::price).thenComparingLong(Sale::id)).toList());
        DataSet<Row> perCustomer = sales.partitionByHash("customer").groupBy("customer").agg(AggCall.count());
        assertThat(perCustomer.explain()).as(perCustomer.explain()).contains("COMPLETE").doesNotContain("PARTIAL");
        assertThat(perCustomer.count()).isEqualTo(data.stream().map(Sale::customer).distinct().count());
        assertThat(sales.rebalance().count()).isEqualTo(30_000);
    }

    @Test
    void tinyMemoryForcesSpillingWithIdenticalResults() throws Exception {
        List<Sale> data = sales(200_000, 5);
        List<Row> inMemory = aggregateAndJoin(ExecutionEnvironment.createLocalEnvironment(2).setMemory("512m"), data);
        ExecutionEnvironment tiny = ExecutionEnvironment.createLocalEnvironment(2).setMemory("24m").setBatchRows(1024);
        List<Row> spilled = aggregateAndJoin(tiny, data);
        assertThat(tiny.getLastJobExecutionResult().spilled()).as(tiny.getLastJobExecutionResult().describeMetrics()).isTrue();
        assertThat(multiset(spilled)).isEqualTo(multiset(inMemory));
    }

    /** Element counts: an order-insensitive comparison that stays linear for large results. */
    static <T> Map<T, Long> multiset(List<T> elements) {
        return elements.stream().collect(Collectors.groupingBy(e -> e, Collectors.counting()));
    }

    private static List<Row> aggregateAndJoin(ExecutionEnvironment env, List<Sale> data) throws Exception {
        DataSet<Sale> sales = env.fromCollection(data, Sale.class);
        DataSet<Row> perId = sales.groupBy("id").agg(AggCall.sum("quantity").as("q"));
        return sales.join(perId).where("id").equalTo("id").project("id", "customer", "q").collect();
    }

    @Test
    void failingFunctionNamesTheOperator() {
        ExecutionEnvironment env = env(2);
        DataSet<Long> numbers = env.generateSequence(1, 10_000);
        assertThatThrownBy(() -> numbers.map(x -> 100 / (x - 5000), Long.class).name("Divide").collect())
                .isInstanceOf(JobExecutionException.class)
                .hasMessageContaining("Map(Long)")
                .hasRootCauseInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> numbers.groupBy("nope")).hasMessageContaining("Unknown key field 'nope'");
    }

    @Test
    void explainShowsStrategiesAndExchanges() {
        ExecutionEnvironment env = env(2);
        DataSet<Sale> sales = env.fromCollection(sales(100_000, 6), Sale.class);
        DataSet<Customer> customers = env.fromCollection(customers(), Customer.class);
        String plan = sales.join(customers).where("customer").equalTo("name").groupBy("city").agg(AggCall.count()).explain();
        assertThat(plan).as(plan).contains("[broadcast right]").contains("PARTIAL").contains("FINAL").contains("[HASH");
    }
}
