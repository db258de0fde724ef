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

    public UnknownFields {
        Objects.requireNonNull(values, "values");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code unknown} itself, or {@link #NONE} for null: records never hold a null here. */
    public static UnknownFields orNone(UnknownFields unknown) {
        return unknown == null ? NONE : unknown;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The unknown field {@code name}, or null. */
    public Object get(String name) {
        return values.get(name);
    }
}
