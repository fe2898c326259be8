package io.basalt.runtime.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.basalt.data.Batch;
import io.basalt.vectorops.SortOrder;

/**
 * The split points of one RANGE exchange, agreed by all of its producers: each producer submits a
 * sample of its rows' keys once it has seen all of its output, and every producer then routes rows
 * by the same {@code consumers - 1} boundaries, taken at even quantiles of the combined sample. Key
 * order matches the sort operators' (nulls per {@link SortOrder}, strings by UTF-8 bytes, doubles
 * by {@link Double#compare}), so range partitions sorted locally are globally sorted. Thread-safe.
 */
final class RangeBoundaries {
    /** Keys sampled per producer. */
    static final int SAMPLE_SIZE = 2000;

    private final int producers;
    private final int consumers;
    private final Comparator<Object[]> order;
    private final List<Object[]> samples = new ArrayList<>();
    private int submitted;
    private Object[][] boundaries;

    RangeBoundaries(int producers, int consumers, List<SortOrder> orders) {
        this.producers = producers;
        this.consumers = consumers;
        this.order = comparator(orders);
    }

    Comparator<Object[]> order() {
        return order;
    }

    /** Adds one producer's sample and waits until every producer did; returns the boundaries. */
    synchronized Object[][] submitAndAwait(List<Object[]> sample, Runnable checkCancelled) throws InterruptedException {
        samples.addAll(sample);
        if (++submitted == producers) {
            Object[][] sorted = samples.toArray(Object[][]::new);
            Arrays.sort(sorted, order);
            Object[][] b = new Object[consumers - 1][];
            for (int i = 1; i < consumers; i++) {
                b[i - 1] = sorted.length == 0 ? null : sorted[(int) ((long) sorted.length * i / consumers)];
            }
            boundaries = b;
            notifyAll();
        }
        while (boundaries == null) {
            checkCancelled.run();
            wait(50);
        }
        return boundaries;
    }

    /** The consumer of a key: the number of boundaries strictly below... i.e. the first range whose upper boundary is >= the key. */
    int partition(Object[] key, Object[][] bounds) {
        int lo = 0;
        int hi = bounds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bounds[mid] == null || order.compare(key, bounds[mid]) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The key of row {@code row}: boxed values, strings as UTF-8 bytes. */
    static Object[] key(Batch batch, int[] keys, int row) {
        Object[] k = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (batch.isNull(keys[i], row)) {
                continue;
            }
            k[i] = batch.schema().field(keys[i]).type().kind() == io.basalt.data.DataType.Kind.UTF8
                    ? batch.getUtf8Bytes(keys[i], row) : batch.getObject(keys[i], row);
        }
        return k;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object[]> comparator(List<SortOrder> orders) {
        return (a, b) -> {
            for (int i = 0; i < orders.size(); i++) {
                SortOrder o = orders.get(i);
                Object x = a[i];
                Object y = b[i];
                int c;
                if (x == null || y == null) {
                    c = x == y ? 0 : (x == null) == o.nullsFirst() ? -1 : 1;
                    if (c != 0) {
                        return c;
                    }
                    continue;
                }
                if (x instanceof byte[] bx) {
                    c = Arrays.compareUnsigned(bx, (byte[]) y);
                } else if (x instanceof Double dx) {
                    c = Double.compare(dx, (Double) y);
                } else if (x instanceof Float fx) {
                    c = Float.compare(fx, (Float) y);
                } else {
                    c = ((Comparable) x).compareTo(y);
                }
                if (c != 0) {
                    return o.descending() ? -c : c;
                }
            }
            return 0;
        };
    }
}
