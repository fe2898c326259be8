package io.basalt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void rangeAndListSelectionsAgree() {
        Selection range = Selection.range(3, 7);
        Selection list = Selection.of(3, 4, 5, 6);
        assertThat(range.isRange()).isTrue();
        assertThat(list.isRange()).isFalse();
        assertThat(range).isEqualTo(list).hasSameHashCodeAs(list);
        assertThat(range.toArray()).containsExactly(3, 4, 5, 6);
        assertThat(range.get(2)).isEqualTo(5);
        assertThat(range.start()).isEqualTo(3);
        assertThat(Selection.all(0).isEmpty()).isTrue();
    }

    @Test
    void wrapSharesTheArrayAndUsesOnlyThePrefix() {
        int[] indices = {9, 2, 4, 100};
        Selection s = Selection.wrap(indices, 3);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.indexArray()).isSameAs(indices);
        assertThat(s.toArray()).containsExactly(9, 2, 4);
        s.checkWithin(10);
        assertThatThrownBy(() -> s.checkWithin(9)).hasMessageContaining("Selected row 9 at position 0 exceeds the batch's 9 rows");
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> Selection.range(5, 4)).hasMessageContaining("[5, 4)");
        assertThatThrownBy(() -> Selection.of(1, -2)).hasMessageContaining("Negative row index -2 at selection position 1");
        assertThatThrownBy(() -> Selection.wrap(new int[2], 3)).hasMessageContaining("size 3");
        assertThatThrownBy(() -> Selection.range(0, 5).get(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Selection.of(1).start()).hasMessageContaining("Not a range");
        assertThatThrownBy(() -> Selection.range(0, 2).indexArray()).hasMessageContaining("no index array");
        assertThatThrownBy(() -> Selection.range(0, 5).checkWithin(4)).hasMessageContaining("exceeds the batch's 4 rows");
    }
}
