package io.hako.oci.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Defensive, unmodifiable copies for the model records, keeping {@code null} as "absent" and map order. */
public final class Copies {
    private Copies() {}

    public static <T> List<T> list(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    public static <V> Map<String, V> map(Map<String, V> map) {
        if (map == null) {
            return null;
        }
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, "map value")));
        return Collections.unmodifiableMap(copy);
    }

    public static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }
}
