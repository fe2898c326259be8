package io.basalt.runtime.operators.io;

import java.util.Objects;

/**
 * How CSV text is laid out, shared by {@link CsvSource} and {@link CsvSink}. Text is always UTF-8
 * (a leading byte-order mark is skipped when reading). Immutable; change with the {@code with*}
 * methods.
 *
 * <p>Fields are separated by {@code delimiter}. A field may be enclosed in {@code quote}s, inside
 * which delimiters and line breaks are literal and a doubled quote stands for one quote; a quote in
 * the middle of an unquoted field is kept literally. An <em>unquoted</em> field equal to
 * {@code nullLiteral} is NULL (with the default {@code ""} an empty unquoted field is NULL, while
 * the quoted {@code ""} is the empty string); an empty unquoted field of a non-string column is NULL
 * whatever the null literal. Fields are not trimmed. Lines end with {@code \n} or {@code \r\n} when
 * reading (both may be mixed); {@code lineDelimiter} is what the sink writes.
 *
 * @param delimiter          field separator, an ASCII character other than CR, LF and the quote
 * @param quote              quote character, ASCII
 * @param header             the first line of each file holds column names: skipped when reading, written by the sink
 * @param nullLiteral        the text of NULL; must not contain the delimiter, the quote or a line break
 * @param lineDelimiter      {@code "\n"} or {@code "\r\n"}, written after every line by the sink
 * @param ignoreInvalidLines when reading, skip (and count) lines that cannot be parsed instead of failing
 */
public record CsvFormat(char delimiter, char quote, boolean header, String nullLiteral, String lineDelimiter, boolean ignoreInvalidLines) {
    private static final CsvFormat DEFAULT = new CsvFormat(',', '"', false, "", "\n", false);

    public CsvFormat {
        Objects.requireNonNull(nullLiteral, "nullLiteral");
        Objects.requireNonNull(lineDelimiter, "lineDelimiter");
        checkSpecial("delimiter", delimiter);
        checkSpecial("quote", quote);
        if (delimiter == quote) {
            throw new IllegalArgumentException("CSV delimiter and quote must differ, both are '" + delimiter + "'");
        }
        if (!lineDelimiter.equals("\n") && !lineDelimiter.equals("\r\n")) {
            throw new IllegalArgumentException("CSV line delimiter must be \\n or \\r\\n");
        }
        for (int i = 0; i < nullLiteral.length(); i++) {
            char c = nullLiteral.charAt(i);
            if (c == delimiter || c == quote || c == '\n' || c == '\r') {
                throw new IllegalArgumentException("CSV null literal \"" + nullLiteral
                        + "\" must not contain the delimiter, the quote or a line break (it is written unquoted)");
            }
        }
    }

    /** Comma-separated, double quotes, no header, empty unquoted field = NULL, {@code \n} lines, strict. */
    public static CsvFormat defaults() {
        return DEFAULT;
    }

    public CsvFormat withDelimiter(char value) {
        return new CsvFormat(value, quote, header, nullLiteral, lineDelimiter, ignoreInvalidLines);
    }

    public CsvFormat withQuote(char value) {
        return new CsvFormat(delimiter, value, header, nullLiteral, lineDelimiter, ignoreInvalidLines);
    }

    public CsvFormat withHeader(boolean value) {
        return new CsvFormat(delimiter, quote, value, nullLiteral, lineDelimiter, ignoreInvalidLines);
    }

    public CsvFormat withNullLiteral(String value) {
        return new CsvFormat(delimiter, quote, header, value, lineDelimiter, ignoreInvalidLines);
    }

    public CsvFormat withLineDelimiter(String value) {
        return new CsvFormat(delimiter, quote, header, nullLiteral, value, ignoreInvalidLines);
    }

    public CsvFormat withIgnoreInvalidLines(boolean value) {
        return new CsvFormat(delimiter, quote, header, nullLiteral, lineDelimiter, value);
    }

    private static void checkSpecial(String what, char c) {
        if (c >= 128 || c == '\n' || c == '\r') {
            throw new IllegalArgumentException("CSV " + what + " must be an ASCII character other than CR and LF, got U+"
                    + String.format("%04X", (int) c));
        }
    }
}
