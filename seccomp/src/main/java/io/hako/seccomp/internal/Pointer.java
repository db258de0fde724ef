package io.hako.seccomp.internal;

/** JSON pointers (RFC 6901) into the config, for errors that say which field is at fault. */
public final class Pointer {
    /** Where the seccomp section lives in config.json. */
    public static final String SECCOMP = "/linux/seccomp";

    private Pointer() {}

    /** {@code base} followed by the token {@code key}, escaped: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    public static String at(String base, String key) {
        return base + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** {@code base} followed by an array index. */
    public static String at(String base, int index) {
        return base + "/" + index;
    }
}
