package io.hako.cgroups.internal;

import io.hako.cgroups.CgroupException;
import io.hako.oci.config.Rdma;
import io.hako.sys.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing cgroup files, with errors that name the file, the value and the kernel's reason. */
public final class CgroupFiles {
    private CgroupFiles() {}

    /** Writes {@code value} in one write(2), as the kernel wants it (no truncation, no creation). */
    public static void write(String cgroup, Path file, String value) throws CgroupException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            out.write(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            throw new CgroupException(cgroup, "write \"" + value + "\" to " + file + ": no such file (is the "
                    + "controller enabled here?)", e);
        } catch (IOException e) {
            throw new CgroupException(cgroup, "write \"" + value + "\" to " + file + ": " + reason(e), e);
        }
    }

    /** A file's whole text; cgroup files report size 0, so it is read as a stream. */
    public static String read(String cgroup, Path file) throws CgroupException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException(cgroup, "read " + file + ": " + reason(e), e);
        }
    }

    /** A file holding one number ("max" is -1). */
    public static long readLong(String cgroup, Path file) throws CgroupException {
        String text = read(cgroup, file).strip();
        if (text.equals("max")) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new CgroupException(cgroup, file + " holds \"" + text + "\", not a number", e);
        }
    }

    /** The numbers of a flat-keyed file ({@code key value} lines), as cpu.stat, memory.stat and the events are. */
    public static Map<String, Long> keyed(String text) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2) {
                try {
                    values.put(fields[0], Long.parseUnsignedLong(fields[1]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return values;
    }

    /** A file's number for stats; absent (null), empty, "max" or not a number is -1. */
    public static long number(String text) {
        if (text == null) {
            return -1;
        }
        String value = text.strip();
        if (value.isEmpty() || value.equals("max")) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The kernel's reason, without the path the JDK repeats in its messages. */
    static String reason(IOException e) {
        int errno = Errno.of(e);
        if (errno != 0) {
            return Errno.describe(errno);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    /**
     * The line {@code rdma.max} takes for one device's limits, the same in v1 and v2: {@code mlx4_0 hca_handle=2
     * hca_object=2000}, with only the limits given; null when there are none. Pure.
     */
    public static String rdmaMax(String device, Rdma limits) {
        List<String> parts = new ArrayList<>();
        if (limits.hcaHandles() != null) {
            parts.add("hca_handle=" + limits.hcaHandles());
        }
        if (limits.hcaObjects() != null) {
            parts.add("hca_object=" + limits.hcaObjects());
        }
        return parts.isEmpty() ? null : device + " " + String.join(" ", parts);
    }
}
