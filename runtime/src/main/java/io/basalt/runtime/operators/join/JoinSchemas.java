package io.basalt.runtime.operators.join;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.basalt.data.Field;
import io.basalt.data.Schema;

/**
 * The output schema of an equi-join and the validation of its key columns, shared by the join
 * operators so that every join strategy produces the same columns. Stateless.
 */
public final class JoinSchemas {
    /** Appended to a right field whose name is already taken. */
    public static final String RIGHT_SUFFIX = "_right";

    private JoinSchemas() {}

    /**
     * The left fields, then the right fields (SEMI and ANTI: the left fields only, unchanged). The
     * fields of a side that outer rows pad with NULLs become nullable: the right side for LEFT_OUTER,
     * the left side for RIGHT_OUTER, both for FULL_OUTER. A right field whose name equals a left
     * field's name is renamed {@code <name>_right}, with the suffix repeated until the name is
     * neither a left field's nor another right field's name; right fields without a clash keep
     * their names.
     */
    public static Schema output(Schema left, Schema right, JoinKind kind) {
        if (!kind.emitsRightFields()) {
            return left;
        }
        boolean leftNullable = kind.keepsUnmatchedRight();
        boolean rightNullable = kind.keepsUnmatchedLeft();
        List<Field> fields = new ArrayList<>(left.size() + right.size());
        Set<String> taken = new HashSet<>();
        for (Field f : left.fields()) {
            fields.add(leftNullable ? new Field(f.name(), f.type(), true) : f);
            taken.add(f.name());
        }
        Set<String> leftNames = Set.copyOf(taken);
        for (Field f : right.fields()) {
            taken.add(f.name());
        }
        for (Field f : right.fields()) {
            String name = f.name();
            if (leftNames.contains(name)) {
                do {
                    name = name + RIGHT_SUFFIX;
                } while (taken.contains(name));
                taken.add(name);
            }
            fields.add(new Field(name, f.type(), f.nullable() || rightNullable));
        }
        return new Schema(fields);
    }

    /**
     * Checks that both sides name the same number of key columns, that they exist, and that the
     * types of the key columns match pairwise.
     *
     * @throws IllegalArgumentException naming the offending columns
     */
    public static void checkKeys(Schema left, int[] leftKeys, Schema right, int[] rightKeys) {
        if (leftKeys.length != rightKeys.length) {
            throw new IllegalArgumentException("A join needs as many left key columns as right key columns, got " + leftKeys.length
                    + " left " + describe(left, leftKeys) + " and " + rightKeys.length + " right " + describe(right, rightKeys));
        }
        if (leftKeys.length == 0) {
            throw new IllegalArgumentException("A join needs at least one key column on each side");
        }
        for (int i = 0; i < leftKeys.length; i++) {
            checkIndex("left", left, leftKeys[i]);
            checkIndex("right", right, rightKeys[i]);
            Field l = left.field(leftKeys[i]);
            Field r = right.field(rightKeys[i]);
            if (!l.type().equals(r.type())) {
                throw new IllegalArgumentException("Join key " + i + ": left column '" + l.name() + "' has type " + l.type()
                        + " but right column '" + r.name() + "' has type " + r.type() + "; key types must match");
            }
        }
    }

    private static void checkIndex(String side, Schema schema, int column) {
        if (column < 0 || column >= schema.size()) {
            throw new IllegalArgumentException("The " + side + " key column index " + column + " is outside the " + side + " schema " + schema);
        }
    }

    private static String describe(Schema schema, int[] keys) {
        List<String> names = new ArrayList<>();
        for (int k : keys) {
            names.add(k >= 0 && k < schema.size() ? schema.field(k).name() : "#" + k);
        }
        return names.toString();
    }
}
