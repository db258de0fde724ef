package io.hako.container;

/**
 * A lifecycle operation refused or failed. Engines read these messages: containerd treats "does not exist",
 * "container not running" and "no such process" specially, conmon maps "permission denied" and "no such file
 * or directory" to exit codes. So the {@link Kind}s carry runc's exact words.
 */
public final class ContainerException extends Exception {
    /** What went wrong, with runc's text for it. */
    public enum Kind {
        /** No container under the root has the id. */
        NOT_FOUND("container does not exist"),
        /** The id is taken, by a container or a create under way. */
        EXISTS("container with given ID already exists"),
        /** The id is not of runc's form: letters, digits, {@code _ + - .}, and neither {@code .} nor {@code ..}. */
        INVALID_ID("invalid container ID format"),
        /** The container's init is gone: it cannot be signalled, nor its cgroup read. */
        NOT_RUNNING("container not running"),
        /** runc's error for a container that runs where it must be stopped; not raised: hako's is {@link #FAILED}. */
        STILL_RUNNING("container still running"),
        /** runc's error for a paused container; not raised: hako's refusal is {@link #FAILED}, saying why. */
        PAUSED("container paused"),
        /** runc's error for resuming a container that is not paused; raised as {@link #FAILED} with this text. */
        NOT_PAUSED("container not paused"),
        /** Anything else: the message says it all. */
        FAILED("");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** {@return runc's wording, empty for {@link #FAILED}} */
        public String text() {
            return text;
        }
    }

    /** What went wrong. */
    private final Kind kind;
    /** The container concerned, or null. */
    private final String containerId;

    /**
     * An exception whose message is {@code kind}'s text, then {@code ": "} and {@code detail} when there is one;
     * for {@link Kind#FAILED}, {@code detail} alone.
     *
     * @param kind what went wrong
     * @param containerId the container concerned, or null
     * @param detail what to add to the kind's text (the id, the step), or null
     * @param cause what failed beneath, or null
     */
    public ContainerException(Kind kind, String containerId, String detail, Throwable cause) {
        super(message(kind, detail), cause);
        this.kind = kind;
        this.containerId = containerId;
    }

    /**
     * An exception whose message is {@code kind}'s text alone.
     *
     * @param kind what went wrong
     * @param containerId the container concerned, or null
     */
    public ContainerException(Kind kind, String containerId) {
        this(kind, containerId, null, null);
    }

    /**
     * An exception without a cause (see {@link #ContainerException(Kind, String, String, Throwable)}).
     *
     * @param kind what went wrong
     * @param containerId the container concerned, or null
     * @param detail what to add to the kind's text, or null
     */
    public ContainerException(Kind kind, String containerId, String detail) {
        this(kind, containerId, detail, null);
    }

    private static String message(Kind kind, String detail) {
        if (kind == Kind.FAILED) {
            return detail;
        }
        return detail == null || detail.isEmpty() ? kind.text() : kind.text() + ": " + detail;
    }

    /** {@return what went wrong: callers act on it rather than on the message} */
    public Kind kind() {
        return kind;
    }

    /** {@return the container concerned, or null} */
    public String containerId() {
        return containerId;
    }
}
