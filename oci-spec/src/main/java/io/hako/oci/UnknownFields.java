package io.hako.oci;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of a JSON object that the model does not know — another platform's section, a field of a newer
 * spec — kept as they were read so that they are written back unchanged. Values are plain JSON values: maps,
 * lists, strings, numbers, booleans and the JSON null marker of the reader.
 *
 * @param values the fields in document order
 */
public record UnknownFields(Map<String, Object> values) {
    /** No unknown fields. */
    public static final UnknownFields NONE = new UnknownFields(Map.of());

    /** Keeps an unmodifiable copy of {@code values}, in their order; refuses null. */
    public UnknownFields {
        Objects.requireNonNull(values, "values");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * {@return {@code unknown} itself, or {@link #NONE} for null} Records never hold a null here.
     *
     * @param unknown the fields, or null
     */
    public static UnknownFields orNone(UnknownFields unknown) {
        return unknown == null ? NONE : unknown;
    }

    /** {@return whether there is no unknown field} */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * {@return the unknown field {@code name}, or null}
     *
     * @param name the field's name
     */
    public Object get(String name) {
        return values.get(name);
    }
}
