package io.basalt.data;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A column's logical type. Physical layouts: boolean as bits, int32/date as 4-byte ints (date = days
 * since 1970-01-01), int64/timestamp/decimal as 8-byte longs (timestamp = microseconds since the
 * epoch, UTC, no time zone; decimal = unscaled value with precision at most 18), float32/float64 as
 * IEEE floats, utf8 as Arrow variable-width strings. Immutable.
 */
public record DataType(Kind kind, int precision, int scale) {
    /** The logical kinds. */
    public enum Kind { BOOLEAN, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, DATE, TIMESTAMP, UTF8 }

    /** Largest decimal precision that fits an unscaled int64. */
    public static final int MAX_DECIMAL_PRECISION = 18;

    /** Field metadata key marking an Arrow int64 column as a Basalt decimal. */
    public static final String METADATA_KEY = "basalt.type";

    public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0);
    public static final DataType INT32 = new DataType(Kind.INT32, 0, 0);
    public static final DataType INT64 = new DataType(Kind.INT64, 0, 0);
    public static final DataType FLOAT32 = new DataType(Kind.FLOAT32, 0, 0);
    public static final DataType FLOAT64 = new DataType(Kind.FLOAT64, 0, 0);
    public static final DataType DATE = new DataType(Kind.DATE, 0, 0);
    public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0);
    public static final DataType UTF8 = new DataType(Kind.UTF8, 0, 0);

    private static final Pattern DECIMAL_PATTERN = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

    public DataType {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (kind == Kind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
                throw new IllegalArgumentException("decimal precision must be between 1 and " + MAX_DECIMAL_PRECISION
                        + " (stored as a scaled int64), was " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("decimal scale must be between 0 and the precision " + precision + ", was " + scale);
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " takes no precision or scale");
        }
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(Kind.DECIMAL, precision, scale);
    }

    /** Parses the form printed by {@link #toString()}, for example {@code int64} or {@code decimal(12,2)}. */
    public static DataType parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL_PATTERN.matcher(s);
        if (m.matches()) {
            return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.DECIMAL && k.name().toLowerCase(Locale.ROOT).equals(s)) {
                return new DataType(k, 0, 0);
            }
        }
        throw new IllegalArgumentException("Unknown data type '" + text
                + "': expected boolean, int32, int64, float32, float64, decimal(p,s), date, timestamp or utf8");
    }

    /** Bytes per value in the data buffer; 0 for bit-packed booleans and variable-width strings. */
    public int fixedWidth() {
        return switch (kind) {
            case INT32, DATE, FLOAT32 -> 4;
            case INT64, DECIMAL, TIMESTAMP, FLOAT64 -> 8;
            case BOOLEAN, UTF8 -> 0;
        };
    }

    /** The Arrow type this logical type is stored as. */
    public ArrowType toArrow() {
        return switch (kind) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case INT32 -> new ArrowType.Int(32, true);
            case INT64, DECIMAL -> new ArrowType.Int(64, true);
            case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case UTF8 -> ArrowType.Utf8.INSTANCE;
        };
    }

    /** Field metadata needed to recover this type from Arrow (only decimals need any). */
    Map<String, String> arrowMetadata() {
        return kind == Kind.DECIMAL ? Map.of(METADATA_KEY, toString()) : Map.of();
    }

    /**
     * Maps an Arrow type (plus field metadata) back to a Basalt type.
     *
     * @throws IllegalArgumentException naming the column for types Basalt does not support
     */
    static DataType fromArrow(String column, ArrowType type, Map<String, String> metadata) {
        String declared = metadata == null ? null : metadata.get(METADATA_KEY);
        DataType result = switch (type) {
            case ArrowType.Bool b -> BOOLEAN;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 32 -> INT32;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 64 -> declared != null ? parse(declared) : INT64;
            case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.SINGLE -> FLOAT32;
            case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.DOUBLE -> FLOAT64;
            case ArrowType.Date d when d.getUnit() == DateUnit.DAY -> DATE;
            case ArrowType.Timestamp t when t.getUnit() == TimeUnit.MICROSECOND && t.getTimezone() == null -> TIMESTAMP;
            case ArrowType.Utf8 u -> UTF8;
            default -> throw new IllegalArgumentException("Column '" + column + "' has Arrow type " + type
                    + ", which Basalt does not support (supported: boolean, int32, int64, float32, float64, "
                    + "decimal(p<=18,s) as int64, date32[day], timestamp[us] without zone, utf8)");
        };
        if (declared != null && result.kind != Kind.DECIMAL) {
            throw new IllegalArgumentException("Column '" + column + "' declares " + METADATA_KEY + "=" + declared
                    + " but is stored as Arrow " + type);
        }
        return result;
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "decimal(" + precision + "," + scale + ")" : kind.name().toLowerCase(Locale.ROOT);
    }
}
