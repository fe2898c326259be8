package io.basalt.data;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the precision and scale of a {@code BigDecimal} record component or POJO property
 * mapped by {@link RowMapper}. Without it, {@link RowMapper#DEFAULT_DECIMAL} is used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface DecimalType {
    int precision();

    int scale();
}
