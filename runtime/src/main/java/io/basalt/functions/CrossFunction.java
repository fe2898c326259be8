package io.basalt.functions;

/** Combines one element of each input of a cross product. */
@FunctionalInterface
public interface CrossFunction<L, R, O> {
    O cross(L left, R right) throws Exception;
}
