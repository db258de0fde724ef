package io.hako.cli.command;

import io.hako.container.ContainerException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A command failed. The message is the one line the caller gets on stderr and in the log; containerd and
 * podman show it to their users and match parts of it, so the words are runc's: the container errors come
 * with their text from {@link ContainerException.Kind}, file errors with the kernel's words as Go prints them
 * ("no such file or directory", "permission denied", which conmon maps to exit statuses 127 and 126).
 */
public final class CommandError extends Exception {
    /** The status of an {@code exec} that did not run its process (runc's). */
    public static final int EXEC_FAILED_STATUS = 255;

    private final int exitStatus;

    private CommandError(String message, int exitStatus, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /** A failure described by {@code message}. */
    public static CommandError failed(String message) {
        return new CommandError(message, 1, null);
    }

    /** A lifecycle failure, in the container module's (runc's) words: {@code container does not exist}. */
    public static CommandError of(ContainerException e) {
        return new CommandError(e.getMessage(), 1, e);
    }

    /**
     * A failed file operation: {@code "<what>: <reason>"}, for example
     * {@code read /b/config.json: no such file or directory}.
     */
    public static CommandError io(String what, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException _ -> "no such file or directory";
            case AccessDeniedException _ -> "permission denied";
            case FileAlreadyExistsException _ -> "file exists";
            case NotDirectoryException _ -> "not a directory";
            case DirectoryNotEmptyException _ -> "directory not empty";
            case FileSystemException fs when fs.getReason() != null -> lowerFirst(fs.getReason());
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new CommandError(what + ": " + reason, 1, e);
    }

    /**
     * This error as {@code exec} reports it: {@code exec failed: <message>} and status 255, as runc's exec does for
     * anything but the exec'd process's own status (which is the exec's), so that callers can tell the two apart.
     */
    public CommandError asExecFailure() {
        return new CommandError("exec failed: " + getMessage(), EXEC_FAILED_STATUS, getCause());
    }

    /** What hako exits with. */
    public int exitStatus() {
        return exitStatus;
    }

    /** Go prints errno strings in lower case ("read-only file system"); the JDK capitalises them. */
    private static String lowerFirst(String reason) {
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
