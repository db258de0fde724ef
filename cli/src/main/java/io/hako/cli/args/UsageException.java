package io.hako.cli.args;

/**
 * The command line itself is wrong: an unknown flag, a flag without its value, a value of the wrong form, too
 * few or too many arguments. The message is the one-line error, worded as runc's parser words it
 * ({@code flag provided but not defined: -bad}) so that engines and people see what they see from runc.
 */
public final class UsageException extends Exception {
    /** urfave/cli's status for a command or help topic it does not know. */
    public static final int UNKNOWN_COMMAND_STATUS = 3;

    private final int exitStatus;

    public UsageException(String message) {
        this(message, 1);
    }

    public UsageException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    /** The status the call exits with: 1, or {@link #UNKNOWN_COMMAND_STATUS}. */
    public int exitStatus() {
        return exitStatus;
    }
}
