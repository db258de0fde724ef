package io.hako.sys;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A system call or libc function that failed: which call, the arguments that say what it was about (paths,
 * names), and errno. The message reads like runc's, {@code open "/run/x": no such file or directory}, so that
 * engines that match error texts see what they expect.
 */
public final class SysException extends Exception {
    /** The call that failed. */
    private final String call;
    /** Its error number. */
    private final int errno;
    /** The paths or names it was about, in the message's order. */
    private final String[] subjects;

    /**
     * A failure of {@code call}; the message is made of the three.
     *
     * @param call the system call or function, {@code openat2}, with the operation in parentheses where one call
     *     does many ({@code bpf(BPF_PROG_LOAD)})
     * @param errno the error number it returned or set
     * @param subjects the paths or names it was about, quoted in the message in this order; none for a call
     *     that is about nothing in particular
     */
    public SysException(String call, int errno, String... subjects) {
        super(message(call, errno, subjects));
        this.call = call;
        this.errno = errno;
        this.subjects = subjects.clone();
    }

    private static String message(String call, int errno, String[] subjects) {
        String what = Stream.of(subjects).map(s -> "\"" + s + "\"").collect(Collectors.joining(" "));
        return call + (what.isEmpty() ? "" : " " + what) + ": " + Errno.describe(errno);
    }

    /** {@return the call that failed, {@code openat2} for example} */
    public String call() {
        return call;
    }

    /** {@return the error number, to compare with {@link Errno}'s constants} */
    public int errno() {
        return errno;
    }

    /** {@return the symbolic errno, {@code ENOENT}} */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** {@return the paths or names the call was about, in order; a copy} */
    public java.util.List<String> subjects() {
        return Arrays.asList(subjects.clone());
    }
}
