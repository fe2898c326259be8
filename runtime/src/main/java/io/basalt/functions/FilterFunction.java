package io.basalt.functions;

/** Keeps the elements for which it returns true. */
@FunctionalInterface
public interface FilterFunction<T> {
    boolean filter(T value) throws Exception;
}
