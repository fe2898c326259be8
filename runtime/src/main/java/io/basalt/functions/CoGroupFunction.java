package io.basalt.functions;

/** Sees, per key, all elements of both inputs (either side may be empty). */
@FunctionalInterface
public interface CoGroupFunction<L, R, O> {
    void coGroup(Iterable<L> left, Iterable<R> right, Collector<O> out) throws Exception;
}
