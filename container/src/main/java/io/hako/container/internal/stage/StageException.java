package io.hako.container.internal.stage;

import io.hako.sys.Errno;

/**
 * The native stage could not perform an operation of its plan: which one ({@link #operation()}, as the plan
 * listing prints it), errno, and the stage's own words, which name the path or value concerned.
 */
public final class StageException extends Exception {
    private final int index;
    private final String operation;
    private final int errno;

    public StageException(int index, String operation, int errno, String detail) {
        super(errno == 0 ? detail : detail + ": " + Errno.describe(errno) + " (" + Errno.name(errno) + ")");
        this.index = index;
        this.operation = operation;
        this.errno = errno;
    }

    /** The index of the failed operation in the plan, -1 when the failure was not an operation's. */
    public int index() {
        return index;
    }

    /** The failed operation's name, {@code mount}, or empty. */
    public String operation() {
        return operation;
    }

    /** errno, 0 when the failure has none. */
    public int errno() {
        return errno;
    }
}
