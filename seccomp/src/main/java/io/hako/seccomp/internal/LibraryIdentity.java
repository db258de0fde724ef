package io.hako.seccomp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Which file a shared library would be loaded from, and its size and time, found without loading it: the
 * dynamic loader's usual directories for this architecture, in its order. Enough to notice that the library
 * was replaced (an upgrade) without paying for loading it.
 */
final class LibraryIdentity {
    private LibraryIdentity() {}

    /** {@code path size mtime} of the library's file, or null when it is not in the usual places. */
    static String of(String soname) {
        String multiarch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> null;
        };
        if (multiarch == null) {
            return null;
        }
        List<String> directories = List.of("/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64",
                "/lib", "/usr/lib", "/usr/local/lib");
        for (String directory : directories) {
            Path file = Path.of(directory, soname);
            try {
                Path real = file.toRealPath();
                BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                return real + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis();
            } catch (IOException e) {
                // not here
            }
        }
        return null;
    }
}
