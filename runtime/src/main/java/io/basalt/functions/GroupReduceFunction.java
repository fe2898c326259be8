package io.basalt.functions;

/** Sees all elements of one group (in one call) and emits any number of results. */
@FunctionalInterface
public interface GroupReduceFunction<I, O> {
    void reduce(Iterable<I> values, Collector<O> out) throws Exception;
}
