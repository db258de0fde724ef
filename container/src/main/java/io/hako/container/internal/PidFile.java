package io.hako.container.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code --pid-file}: written whole or not at all, since engines read it as soon as it appears. */
final class PidFile {
    private PidFile() {}

    static void write(Path pidFile, int pid) throws IOException {
        Path absolute = pidFile.toAbsolutePath();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        Files.writeString(temporary, String.valueOf(pid), StandardCharsets.US_ASCII);
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
