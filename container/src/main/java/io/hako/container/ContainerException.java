package io.hako.container;

/**
 * A lifecycle operation refused or failed. Engines read these messages: containerd treats "does not exist",
 * "container not running" and "no such process" specially, conmon maps "permission denied" and "no such file
 * or directory" to exit codes. So the {@link Kind}s carry runc's exact words.
 */
public final class ContainerException extends Exception {
    /** What went wrong, with runc's text for it. */
    public enum Kind {
        NOT_FOUND("container does not exist"),
        EXISTS("container with given ID already exists"),
        INVALID_ID("invalid container ID format"),
        NOT_RUNNING("container not running"),
        STILL_RUNNING("container still running"),
        PAUSED("container paused"),
        NOT_PAUSED("container not paused"),
        /** Anything else: the message says it all. */
        FAILED("");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** runc's wording, empty for {@link #FAILED}. */
        public String text() {
            return text;
        }
    }

    private final Kind kind;
    private final String containerId;

    public ContainerException(Kind kind, String containerId, String detail, Throwable cause) {
        super(message(kind, detail), cause);
        this.kind = kind;
        this.containerId = containerId;
    }

    public ContainerException(Kind kind, String containerId) {
        this(kind, containerId, null, null);
    }

    public ContainerException(Kind kind, String containerId, String detail) {
        this(kind, containerId, detail, null);
    }

    private static String message(Kind kind, String detail) {
        if (kind == Kind.FAILED) {
            return detail;
        }
        return detail == null || detail.isEmpty() ? kind.text() : kind.text() + ": " + detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The container concerned, or null. */
    public String containerId() {
        return containerId;
    }
}
