package io.hako.checkpoint.internal;

import io.hako.checkpoint.CriuCheck;
import io.hako.sys.Sys;
import io.hako.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * CRIU's check kept between calls: asking it starts CRIU (a tenth of a second or more), and {@code --version} and
 * {@code features} would pay that on every call. What the answer depends on is the key: the CRIU binary (path,
 * size, modification time), the kernel (its release and this boot) and the caller's uid. A cache that cannot be
 * read or written is no error: the check is then asked again.
 */
public final class CriuCheckCache {
    /** The file under the cache directory. */
    static final String FILE = "criu-check";

    private CriuCheckCache() {}

    /** The cached answer for {@code criu} under {@code directory} if its key still holds; else {@code check}'s, kept. */
    public static CriuCheck cachedOrChecked(String criu, Path directory, Supplier<CriuCheck> check) {
        String key;
        try {
            key = key(CriuService.executable(criu));
        } catch (CriuException | IOException e) {
            return check.get(); // no CRIU to key on: the check says why
        }
        Path file = directory.resolve(FILE);
        CriuCheck cached = read(file, key);
        if (cached != null) {
            return cached;
        }
        CriuCheck answer = check.get();
        write(file, key, answer);
        return answer;
    }

    static String key(Path criu) throws IOException {
        return criu.toAbsolutePath() + " " + Files.size(criu) + " " + Files.getLastModifiedTime(criu).toMillis() + " "
                + read("/proc/sys/kernel/osrelease") + " " + read("/proc/sys/kernel/random/boot_id") + " uid "
                + euid();
    }

    private static int euid() throws IOException {
        try {
            return Sys.geteuid();
        } catch (SysException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String read(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) { // procfs: size 0, read as a stream
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        }
    }

    private static CriuCheck read(Path file, String key) {
        Properties saved = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            saved.load(in);
        } catch (IOException e) {
            return null;
        }
        if (!key.equals(saved.getProperty("key"))) {
            return null;
        }
        return new CriuCheck(Boolean.parseBoolean(saved.getProperty("works")), saved.getProperty("version", ""),
                saved.getProperty("reason", ""));
    }

    private static void write(Path file, String key, CriuCheck answer) {
        Properties saved = new Properties();
        saved.setProperty("key", key);
        saved.setProperty("works", String.valueOf(answer.works()));
        saved.setProperty("version", answer.version());
        saved.setProperty("reason", answer.reason());
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                saved.store(out, null);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Not kept: the next call asks CRIU again.
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the directory refuses writes: nothing more to undo
                }
            }
        }
    }
}
