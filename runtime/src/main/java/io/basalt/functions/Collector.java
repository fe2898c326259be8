package io.basalt.functions;

/** Receives the elements a user function emits; valid only during the call it was passed to. */
@FunctionalInterface
public interface Collector<T> {
    void collect(T value);
}
