package io.basalt.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void parsesUnits() {
        assertThat(ByteSize.parse("1024")).isEqualTo(1024);
        assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("2 GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1.5k")).isEqualTo(1536);
        assertThat(ByteSize.parse("1_000b")).isEqualTo(1000);
    }

    @Test
    void rejectsNonsenseWithTheText() {
        assertThatThrownBy(() -> ByteSize.parse("12 parsecs")).hasMessageContaining("'12 parsecs'").hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> ByteSize.parse(" ")).hasMessageContaining("Empty");
        assertThatThrownBy(() -> ByteSize.parse("99999999999t")).hasMessageContaining("out of range");
    }

    @Test
    void formats() {
        assertThat(ByteSize.format(1)).isEqualTo("1 byte");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 bytes");
        assertThat(ByteSize.format(1536)).isEqualTo("1.5 KiB (1536 bytes)");
        assertThat(ByteSize.format(3L << 30)).isEqualTo("3.0 GiB (3221225472 bytes)");
    }
}
