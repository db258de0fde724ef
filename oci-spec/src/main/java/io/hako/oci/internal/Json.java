package io.hako.oci.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a record component appears in JSON, where the component alone does not say it: a JSON name that is
 * not a legal or conventional Java name, the integer range of the spec's type, and whether the field is
 * required. Read by {@link Binder}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Json {
    /** The JSON field name; empty means the component's name. */
    String value() default "";

    /** The spec's integer type; {@link Num#DEFAULT} means int32 for {@code Integer}, int64 for {@code Long}. */
    Num num() default Num.DEFAULT;

    /** A required field: missing in JSON is an error, and the record refuses null. */
    boolean required() default false;

    /** The integer types of the spec's schema ({@code defs.json}). */
    enum Num {
        DEFAULT, INT32, INT64, UINT16, UINT32,
        /** Held in a {@code long} as the unsigned value's bits (so 2^64-1 is -1). */
        UINT64
    }
}
