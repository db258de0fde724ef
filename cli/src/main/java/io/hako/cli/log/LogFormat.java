package io.hako.cli.log;

import java.util.Optional;

/** The formats of {@code --log-format}: logrus's text and JSON formatters, as runc writes them. */
public enum LogFormat {
    /** {@code time="…" level=error msg="…"} */
    TEXT,
    /** {@code {"level":"error","msg":"…","time":"…"}}, one object a line: what containerd and conmon read. */
    JSON;

    /** The format named by a {@code --log-format} value; runc takes "" as text. */
    public static Optional<LogFormat> named(String value) {
        return switch (value) {
            case "", "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
