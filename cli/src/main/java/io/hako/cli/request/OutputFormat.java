package io.hako.cli.request;

import io.hako.cli.args.UsageException;

/** The {@code --format} of {@code list} and {@code ps}. */
public enum OutputFormat {
    TABLE,
    JSON;

    /** The format a {@code --format} value names; anything else is runc's "invalid format option". */
    public static OutputFormat named(String value) throws UsageException {
        return switch (value) {
            case "table" -> TABLE;
            case "json" -> JSON;
            default -> throw new UsageException("invalid format option");
        };
    }
}
