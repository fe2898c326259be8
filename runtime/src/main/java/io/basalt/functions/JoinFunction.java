package io.basalt.functions;

/**
 * Combines a pair of joined elements into one result. For outer joins the side without a match
 * is null.
 */
@FunctionalInterface
public interface JoinFunction<L, R, O> {
    O join(L left, R right) throws Exception;
}
