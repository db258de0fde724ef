package io.hako.cli.args;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of parsing one flag set: the values of the flags that were given, by primary name, and the
 * positional arguments in order.
 */
public final class ParsedArgs {
    private final Map<String, Object> values;
    private final List<String> positionals;

    ParsedArgs(Map<String, Object> values, List<String> positionals) {
        this.values = Map.copyOf(values);
        this.positionals = List.copyOf(positionals);
    }

    /** The arguments that are not flags, in order. */
    public List<String> positionals() {
        return positionals;
    }

    /** Whether the flag was given, under any of its names. */
    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    /** A bool flag: false unless given (as {@code --x} or {@code --x=true}). */
    public boolean bool(String name) {
        return (Boolean) values.getOrDefault(name, Boolean.FALSE);
    }

    /** A string flag's value, empty when not given. */
    public Optional<String> string(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    /** An integer flag's value, or {@code fallback} when not given. */
    public long integer(String name, long fallback) {
        return (Long) values.getOrDefault(name, fallback);
    }

    /** A duration flag's value, or {@code fallback} when not given. */
    public Duration duration(String name, Duration fallback) {
        return (Duration) values.getOrDefault(name, fallback);
    }

    /** A repeatable string flag's values in the order given. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        return (List<String>) values.getOrDefault(name, List.of());
    }

    /** A repeatable integer flag's values in the order given. */
    @SuppressWarnings("unchecked")
    public List<Long> integers(String name) {
        return (List<Long>) values.getOrDefault(name, List.of());
    }
}
