package io.basalt.runtime.operators.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.basalt.data.DataType;
import io.basalt.data.Field;
import io.basalt.data.Schema;

class JoinSchemasTest {
    private static final Schema LEFT = Schema.of(Field.notNull("id", DataType.INT64), Field.nullable("name", DataType.UTF8),
            Field.notNull("id_right", DataType.INT32));
    private static final Schema RIGHT = Schema.of(Field.notNull("id", DataType.INT64), Field.notNull("amount", DataType.FLOAT64),
            Field.notNull("name", DataType.UTF8));

    @Test
    void innerKeepsNullabilityAndRenamesClashingRightFields() {
        Schema out = JoinSchemas.output(LEFT, RIGHT, JoinKind.INNER);
        assertThat(out).isEqualTo(Schema.of(Field.notNull("id", DataType.INT64), Field.nullable("name", DataType.UTF8),
                Field.notNull("id_right", DataType.INT32), Field.notNull("id_right_right", DataType.INT64),
                Field.notNull("amount", DataType.FLOAT64), Field.notNull("name_right", DataType.UTF8)));
    }

    @Test
    void outerJoinsMakeThePaddedSideNullable() {
        Schema left = JoinSchemas.output(LEFT, RIGHT, JoinKind.LEFT_OUTER);
        assertThat(left.field(0).nullable()).isFalse();
        assertThat(left.fields().subList(3, 6)).allMatch(Field::nullable);
        Schema right = JoinSchemas.output(LEFT, RIGHT, JoinKind.RIGHT_OUTER);
        assertThat(right.fields().subList(0, 3)).allMatch(Field::nullable);
        assertThat(right.field(4).nullable()).isFalse();
        assertThat(JoinSchemas.output(LEFT, RIGHT, JoinKind.FULL_OUTER).fields()).allMatch(Field::nullable);
    }

    @Test
    void semiAndAntiKeepTheLeftSchema() {
        assertThat(JoinSchemas.output(LEFT, RIGHT, JoinKind.SEMI)).isEqualTo(LEFT);
        assertThat(JoinSchemas.output(LEFT, RIGHT, JoinKind.ANTI)).isEqualTo(LEFT);
    }

    @Test
    void rightFieldsWithoutClashKeepTheirNamesEvenIfTheyLookRenamed() {
        Schema left = Schema.of(Field.notNull("a", DataType.INT32));
        Schema right = Schema.of(Field.notNull("a", DataType.INT32), Field.notNull("a_right", DataType.INT32));
        assertThat(JoinSchemas.output(left, right, JoinKind.INNER).fields()).extracting(Field::name)
                .containsExactly("a", "a_right_right", "a_right");
    }

    @Test
    void keyChecksNameTheColumns() {
        JoinSchemas.checkKeys(LEFT, new int[] {0}, RIGHT, new int[] {0});
        assertThatThrownBy(() -> JoinSchemas.checkKeys(LEFT, new int[] {2}, RIGHT, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left column 'id_right' has type int32")
                .hasMessageContaining("right column 'id' has type int64");
        assertThatThrownBy(() -> JoinSchemas.checkKeys(LEFT, new int[] {0, 1}, RIGHT, new int[] {0}))
                .hasMessageContaining("as many left key columns");
        assertThatThrownBy(() -> JoinSchemas.checkKeys(LEFT, new int[] {7}, RIGHT, new int[] {0}))
                .hasMessageContaining("left key column index 7");
    }
}
