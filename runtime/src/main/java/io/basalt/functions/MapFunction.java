package io.basalt.functions;

/** Maps one element to one element. Implementations may keep state per parallel instance. */
@FunctionalInterface
public interface MapFunction<I, O> {
    O map(I value) throws Exception;
}
