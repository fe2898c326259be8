package io.basalt.examples.tpch;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorFactory;

/** Shorthands for the {@code lineitem} table of {@link TpchSource}. */
public final class LineItemSource {
    public static final Schema SCHEMA = TpchSource.Table.LINEITEM.schema();

    private LineItemSource() {}

    public static OperatorFactory factory(double scaleFactor) {
        return TpchSource.factory(TpchSource.Table.LINEITEM, scaleFactor);
    }

    public static long estimatedRows(double scaleFactor) {
        return TpchSource.Table.LINEITEM.estimatedRows(scaleFactor);
    }
}
