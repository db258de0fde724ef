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
    private final String call;
    private final int errno;
    private final String[] subjects;

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

    /** The call that failed, {@code openat2} for example. */
    public String call() {
        return call;
    }

    /** The error number. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The paths or names the call was about. */
    public java.util.List<String> subjects() {
        return Arrays.asList(subjects.clone());
    }
}
