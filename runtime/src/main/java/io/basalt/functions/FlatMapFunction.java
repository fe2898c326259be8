package io.basalt.functions;

/** Maps one element to zero or more elements, emitted through the collector. */
@FunctionalInterface
public interface FlatMapFunction<I, O> {
    void flatMap(I value, Collector<O> out) throws Exception;
}
