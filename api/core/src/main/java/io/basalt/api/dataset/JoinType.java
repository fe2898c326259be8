package io.basalt.api.dataset;

/** The join kinds of the DataSet API. */
public enum JoinType { INNER, LEFT_OUTER, RIGHT_OUTER, FULL_OUTER, SEMI, ANTI }
