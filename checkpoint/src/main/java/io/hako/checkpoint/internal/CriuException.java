package io.hako.checkpoint.internal;

/** CRIU could not be run, or failed; the message says why, in CRIU's words where it gave some. */
public final class CriuException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message why
     */
    public CriuException(String message) {
        super(message);
    }

    /**
     * A failure with its cause.
     *
     * @param message why
     * @param cause what failed beneath
     */
    public CriuException(String message, Throwable cause) {
        super(message, cause);
    }
}
