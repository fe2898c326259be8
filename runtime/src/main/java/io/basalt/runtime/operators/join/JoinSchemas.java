package io.basalt.runtime.operators.join;

import java.util.ArrayList;
import java.util.List;

import io.basalt.data.Field;
import io.basalt.data.Schema;

/** Output schemas of joins, shared by every join operator so that plans see one column layout. */
public final class JoinSchemas {
    /** Appended to a right column whose name is already taken by a left column. */
    public static final String RIGHT_SUFFIX = "_right";

    private JoinSchemas() {}

    /**
     * The left fields, then the right fields (none for SEMI and ANTI). Fields of a side whose rows
     * may be NULL-padded (the right side of LEFT_OUTER, the left of RIGHT_OUTER, both of FULL_OUTER)
     * become nullable. A right field whose name collides with a left field gets the suffix
     * {@value #RIGHT_SUFFIX}.
     */
    public static Schema output(Schema left, Schema right, JoinKind kind) {
        boolean leftPadded = kind == JoinKind.RIGHT_OUTER || kind == JoinKind.FULL_OUTER;
        boolean rightPadded = kind == JoinKind.LEFT_OUTER || kind == JoinKind.FULL_OUTER;
        List<Field> fields = new ArrayList<>(left.size() + right.size());
        for (Field f : left.fields()) {
            fields.add(leftPadded ? Field.nullable(f.name(), f.type()) : f);
        }
        if (kind == JoinKind.SEMI || kind == JoinKind.ANTI) {
            return new Schema(fields);
        }
        for (Field f : right.fields()) {
            String name = left.indexOf(f.name()) >= 0 ? f.name() + RIGHT_SUFFIX : f.name();
            fields.add(new Field(name, f.type(), f.nullable() || rightPadded));
        }
        return new Schema(fields);
    }
}
