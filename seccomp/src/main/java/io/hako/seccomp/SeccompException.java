package io.hako.seccomp;

import io.hako.sys.Errno;
import java.util.Optional;

/**
 * {@code linux.seccomp} could not be compiled. Says where and why: the JSON pointer of the field at fault when
 * there is one ({@code /linux/seccomp/syscalls/3/action}), and the library call and errno when a call failed,
 * so that the message reads {@code /linux/seccomp/syscalls/3/action: unknown action "SCMP_ACT_FOO"} or
 * {@code /linux/seccomp/syscalls/0/names/1: cannot add the rule for "clone": seccomp_rule_add_array: invalid
 * argument (EINVAL)}.
 */
public class SeccompException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The JSON pointer of the field at fault, or null. */
    private final String pointer;
    /** Why, without the pointer, the call or errno. */
    private final String reason;
    /** The library function that failed, or null. */
    private final String call;
    /** The error number the call returned, or 0. */
    private final int errno;

    /**
     * An error that no library call returned.
     *
     * @param pointer the JSON pointer of the field at fault, or {@code null} when the error is about no field
     * @param reason why, without the pointer
     */
    public SeccompException(String pointer, String reason) {
        this(pointer, reason, null, 0);
    }

    /**
     * An error a library call returned.
     *
     * @param pointer the JSON pointer of the field at fault, or {@code null}
     * @param reason what was being done, without the pointer
     * @param call the library function that failed, {@code seccomp_rule_add_array}
     * @param errno the (positive) error number it returned
     */
    public SeccompException(String pointer, String reason, String call, int errno) {
        super(message(pointer, reason, call, errno));
        this.pointer = pointer;
        this.reason = reason;
        this.call = call;
        this.errno = errno;
    }

    private static String message(String pointer, String reason, String call, int errno) {
        StringBuilder m = new StringBuilder();
        if (pointer != null) {
            m.append(pointer).append(": ");
        }
        m.append(reason);
        if (call != null) {
            m.append(": ").append(call);
            if (errno != 0) {
                m.append(": ").append(Errno.describe(errno)).append(" (").append(Errno.name(errno)).append(')');
            }
        }
        return m.toString();
    }

    /**
     * The JSON pointer of the field at fault, when the error is about one.
     *
     * @return the pointer, or empty
     */
    public Optional<String> pointer() {
        return Optional.ofNullable(pointer);
    }

    /**
     * Why, without the pointer, the call or errno.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    /**
     * The library function that failed, when one did.
     *
     * @return the function's name, or empty
     */
    public Optional<String> call() {
        return Optional.ofNullable(call);
    }

    /**
     * The error number the call returned.
     *
     * @return the positive errno, 0 when there was no call or it gave none
     */
    public int errno() {
        return errno;
    }
}
