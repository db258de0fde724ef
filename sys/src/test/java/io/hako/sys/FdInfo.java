package io.hako.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc/self/fdinfo} to check what the kernel thinks of a descriptor. */
final class FdInfo {
    private FdInfo() {}

    static boolean isCloseOnExec(Fd fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd.number()))) {
            if (line.startsWith("flags:")) {
                return (Long.parseLong(line.substring(6).trim(), 8) & Sys.O_CLOEXEC) != 0;
            }
        }
        throw new IllegalStateException("no flags line for " + fd);
    }

    static boolean isOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }
}
