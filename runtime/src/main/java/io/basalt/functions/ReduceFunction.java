package io.basalt.functions;

/** Combines two elements of one group into one; must be associative (it is also used to pre-combine). */
@FunctionalInterface
public interface ReduceFunction<T> {
    T reduce(T a, T b) throws Exception;
}
