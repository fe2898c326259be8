package io.basalt.memory.spill;

import java.nio.charset.StandardCharsets;

/**
 * Layout of a Basalt spill file: a standard Arrow IPC <em>file</em> (readable by any Arrow
 * implementation) whose footer carries Basalt's integrity metadata.
 *
 * <pre>
 * +--------+-----+--------------+-----------------+-----+-----------------+--------+-----------+--------+
 * | ARROW1 | pad | schema msg   | record batch 0  | ... | record batch n-1| footer | footer len| ARROW1 |
 * | 6 B    | 2 B | (flatbuffer) | meta + body     |     |                 | (fb)   | int32 LE  | 6 B    |
 * +--------+-----+--------------+-----------------+-----+-----------------+--------+-----------+--------+
 * </pre>
 *
 * Footer custom metadata: {@value #VERSION_KEY} = {@value #VERSION}, {@value #ROWS_KEY} = total
 * rows, {@value #CRC_KEY} = comma-separated CRC32C (8 hex digits) of each record block's bytes
 * {@code [offset, offset + metadataLength + bodyLength)} in footer order. A file without a trailing
 * magic was never finished and is rejected as truncated.
 */
final class SpillFormat {
    static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    static final String VERSION_KEY = "basalt.spill.version";
    static final String VERSION = "1";
    static final String ROWS_KEY = "basalt.spill.rows";
    static final String CRC_KEY = "basalt.spill.crc32c";

    /** Leading magic + padding + footer length + trailing magic: the smallest possible file is larger. */
    static final int MIN_FILE_SIZE = MAGIC.length + 2 + 4 + MAGIC.length;

    private SpillFormat() {}
}
