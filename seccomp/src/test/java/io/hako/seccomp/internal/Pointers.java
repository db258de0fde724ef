package io.hako.seccomp.internal;

import java.util.Arrays;
import java.util.List;

/** Reading JSON pointers back, to check the ones {@link Pointer} builds. */
final class Pointers {
    private Pointers() {}

    /** The reference tokens of {@code pointer}, unescaped (RFC 6901 section 4). */
    static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer starts with /: " + pointer);
        }
        return Arrays.stream(pointer.substring(1).split("/", -1))
                .map(t -> t.replace("~1", "/").replace("~0", "~"))
                .toList();
    }
}
