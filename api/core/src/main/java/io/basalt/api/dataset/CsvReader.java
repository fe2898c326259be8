package io.basalt.api.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.basalt.data.Schema;
import io.basalt.runtime.operators.OperatorFactory;
import io.basalt.runtime.operators.io.CsvFormat;
import io.basalt.runtime.operators.io.CsvSource;
import io.basalt.runtime.types.Row;
import io.basalt.runtime.types.RowCodec;

/**
 * Configures reading a CSV file or a directory of CSV files ({@link ExecutionEnvironment#readCsvFile}):
 * format options first, then {@link #as(Class)} for records/POJOs (columns in field order) or
 * {@link #schema(Schema)} for untyped rows. Parse errors name the file, line, column and value.
 */
public final class CsvReader {
    private final ExecutionEnvironment env;
    private final Path path;
    private CsvFormat format = CsvFormat.defaults();

    CsvReader(ExecutionEnvironment env, Path path) {
        this.env = env;
        this.path = path;
    }

    public CsvReader fieldDelimiter(char delimiter) {
        format = format.withDelimiter(delimiter);
        return this;
    }

    public CsvReader quoteCharacter(char quote) {
        format = format.withQuote(quote);
        return this;
    }

    /** Skips the first line of every file (a header). */
    public CsvReader ignoreFirstLine() {
        format = format.withHeader(true);
        return this;
    }

    /** The text that stands for NULL (default: an empty unquoted field). */
    public CsvReader nullValue(String literal) {
        format = format.withNullLiteral(literal);
        return this;
    }

    /** Skips lines that do not parse instead of failing (they are counted in the job's metrics). */
    public CsvReader ignoreInvalidLines() {
        format = format.withIgnoreInvalidLines(true);
        return this;
    }

    /** Reads rows as elements of {@code type}, columns in the type's field order. */
    public <T> DataSet<T> as(Class<T> type) {
        RowCodec<T> codec = RowCodec.of(type);
        return read(codec);
    }

    /** Flink's name for {@link #as}. */
    public <T> DataSet<T> pojoType(Class<T> type) {
        return as(type);
    }

    /** Reads untyped rows of the given schema. */
    public DataSet<Row> schema(Schema schema) {
        return read(RowCodec.rows(schema));
    }

    private <T> DataSet<T> read(RowCodec<T> codec) {
        OperatorFactory source = CsvSource.factory(path, codec.schema(), format);
        return env.source(source, codec, estimateRows(path), false);
    }

    /** A rough row count for the optimizer: bytes / 64. */
    static long estimateRows(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Input file or directory does not exist: " + path.toAbsolutePath());
        }
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() / 64 + 1;
                }
            }
            return Files.size(path) / 64 + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
