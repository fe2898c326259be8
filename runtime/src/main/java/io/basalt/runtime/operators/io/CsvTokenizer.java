package io.basalt.runtime.operators.io;

import java.util.Arrays;

/**
 * Finds the fields of one CSV record in a byte buffer without copying: field {@code i} is
 * {@code buf[start(i), end(i))}, with the quotes of a quoted field removed and its doubled quotes
 * collapsed in place (only once the whole record is in the buffer, so an incomplete record can be
 * tokenized again after more bytes arrive). Used by one thread.
 */
final class CsvTokenizer {
    /** The buffer ends inside the record: read more and call again from the record's start. */
    static final int NEED_MORE = -1;
    /** The file ends inside a quoted field; {@link #fieldCount()} is that field's index. */
    static final int UNTERMINATED_QUOTE = -2;
    /** A closing quote is followed by something other than a delimiter or line end, at {@link #errorIndex()}. */
    static final int TEXT_AFTER_QUOTE = -3;

    private final byte delimiter;
    private final byte quote;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private boolean[] escaped = new boolean[16];
    private int fieldCount;
    private int quotedLineFeeds;
    private int lastQuotedLineFeed;
    private int errorIndex;

    CsvTokenizer(CsvFormat format) {
        this.delimiter = (byte) format.delimiter();
        this.quote = (byte) format.quote();
    }

    /**
     * Tokenizes the record starting at {@code pos}.
     *
     * @param eof whether the file ends at {@code limit}
     * @return the index just past the record's line end (or {@code limit} at the end of the file),
     *         or one of the negative codes of this class
     */
    int tokenize(byte[] b, int pos, int limit, boolean eof) {
        int n = 0;
        int p = pos;
        quotedLineFeeds = 0;
        lastQuotedLineFeed = -1;
        while (true) {
            if (n == starts.length) {
                grow();
            }
            if (p < limit && b[p] == quote) {
                int q = p + 1;
                boolean esc = false;
                while (true) {
                    if (q >= limit) {
                        if (eof) {
                            fieldCount = n;
                            errorIndex = p;
                            return UNTERMINATED_QUOTE;
                        }
                        return NEED_MORE;
                    }
                    byte c = b[q];
                    if (c == quote) {
                        if (q + 1 < limit) {
                            if (b[q + 1] != quote) {
                                break;
                            }
                            esc = true;
                            q += 2;
                            continue;
                        }
                        if (!eof) {
                            return NEED_MORE;
                        }
                        break;
                    }
                    if (c == '\n') {
                        quotedLineFeeds++;
                        lastQuotedLineFeed = q;
                    }
                    q++;
                }
                starts[n] = p + 1;
                ends[n] = q;
                quoted[n] = true;
                escaped[n] = esc;
                n++;
                p = q + 1;
                if (p >= limit) {
                    if (!eof) {
                        return NEED_MORE;
                    }
                    return finish(b, n, limit);
                }
                byte c = b[p];
                if (c == delimiter) {
                    p++;
                    continue;
                }
                if (c == '\n') {
                    return finish(b, n, p + 1);
                }
                if (c == '\r') {
                    if (p + 1 < limit) {
                        if (b[p + 1] == '\n') {
                            return finish(b, n, p + 2);
                        }
                    } else if (!eof) {
                        return NEED_MORE;
                    } else {
                        return finish(b, n, limit);
                    }
                }
                fieldCount = n;
                errorIndex = p;
                return TEXT_AFTER_QUOTE;
            }
            int q = p;
            while (q < limit) {
                byte c = b[q];
                if (c == delimiter || c == '\n') {
                    break;
                }
                q++;
            }
            if (q >= limit && !eof) {
                return NEED_MORE;
            }
            starts[n] = p;
            quoted[n] = false;
            escaped[n] = false;
            if (q < limit && b[q] == delimiter) {
                ends[n++] = q;
                p = q + 1;
                continue;
            }
            ends[n++] = q > p && b[q - 1] == '\r' ? q - 1 : q;
            return finish(b, n, q < limit ? q + 1 : limit);
        }
    }

    private int finish(byte[] b, int n, int recordEnd) {
        fieldCount = n;
        for (int i = 0; i < n; i++) {
            if (escaped[i]) {
                int w = starts[i];
                int end = ends[i];
                for (int r = starts[i]; r < end; r++) {
                    b[w++] = b[r];
                    if (b[r] == quote) {
                        r++; // skip the second quote of the pair
                    }
                }
                ends[i] = w;
            }
        }
        return recordEnd;
    }

    int fieldCount() {
        return fieldCount;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    boolean quoted(int field) {
        return quoted[field];
    }

    /** Line feeds inside quoted fields of the last record. */
    int quotedLineFeeds() {
        return quotedLineFeeds;
    }

    /** Buffer index of the last line feed inside a quoted field of the last record, or -1. */
    int lastQuotedLineFeed() {
        return lastQuotedLineFeed;
    }

    int errorIndex() {
        return errorIndex;
    }

    private void grow() {
        int size = starts.length * 2;
        starts = Arrays.copyOf(starts, size);
        ends = Arrays.copyOf(ends, size);
        quoted = Arrays.copyOf(quoted, size);
        escaped = Arrays.copyOf(escaped, size);
    }
}
