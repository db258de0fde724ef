package io.hako.seccomp.internal;

import io.hako.oci.OciJson;
import io.hako.oci.config.Seccomp;
import io.hako.seccomp.SeccompCompiler;
import io.hako.seccomp.SeccompException;
import io.hako.seccomp.SeccompProgram;
import io.hako.seccomp.SeccompSupport;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps compiled programs in a directory, keyed by the seccomp section and everything else the program depends
 * on (libseccomp's file, the kernel, the architecture): engines pass the same profile to nearly every container,
 * and compiling Docker's takes some 35 ms of a CLI call (loading libseccomp, its kernel probes, the compile)
 * while reading a cached one takes well under one.
 *
 * <p>Each file holds its whole key, compared byte for byte on read, so a hash collision is a miss, never a wrong
 * program. The directory is trusted only if this process's user owns it and no one else may write to it; files
 * are written whole and renamed into place. At most {@link #MAX_ENTRIES} are kept, the least recently written
 * going first. When libseccomp's file cannot be found, nothing is cached: its version is part of the key.
 */
public final class CachingCompiler implements SeccompCompiler {
    static final int MAX_ENTRIES = 32;
    private static final int MAGIC = 0x48534331; // "HSC1"

    /** Where the compiler comes from when a program is not kept: found only then. */
    @FunctionalInterface
    public interface Source {
        SeccompCompiler get() throws SeccompException;
    }

    private final Path directory;
    private final Source compiler;

    public CachingCompiler(Path directory, Source compiler) {
        this.directory = directory;
        this.compiler = compiler;
    }

    @Override
    public String name() {
        return "cached libseccomp";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public SeccompSupport support() throws SeccompException {
        return compiler.get().support();
    }

    @Override
    public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException {
        byte[] key = key(seccomp);
        if (key == null || !trusted(directory)) {
            return compiler.get().compile(seccomp, warnings);
        }
        Path file = directory.resolve(fileName(key));
        Entry cached = read(file, key);
        if (cached != null) {
            cached.warnings().forEach(warnings);
            return cached.program();
        }
        List<String> said = new ArrayList<>();
        SeccompProgram program = compiler.get().compile(seccomp, said::add);
        said.forEach(warnings);
        write(file, key, new Entry(program, said));
        return program;
    }

    /** A program and what compiling it said. */
    record Entry(SeccompProgram program, List<String> warnings) {}

    /** Everything the program depends on, or null when libseccomp's file cannot be found. */
    static byte[] key(Seccomp seccomp) {
        String library = LibraryIdentity.of(Libseccomp.SONAME);
        if (library == null) {
            return null;
        }
        // The format's number changes with what a compile makes of a section (2: the ENOSYS stub).
        String header = "hako seccomp cache 2\n" + library + "\n" + System.getProperty("os.arch") + "\n"
                + kernelRelease() + "\n";
        var out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(OciJson.write(seccomp));
        return out.toByteArray();
    }

    private static String kernelRelease() {
        // A stream: procfs files report size 0.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/osrelease"))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** FNV-1a, 64 bits, in hex: a name, not a proof (the key inside the file is). */
    static String fileName(byte[] key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return String.format("%016x.bpf", hash);
    }

    /** Owned by this process's user, and nobody else may write to it. */
    static boolean trusted(Path directory) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> mode = attributes.permissions();
            return attributes.isDirectory()
                    && attributes.owner().getName().equals(System.getProperty("user.name"))
                    && !mode.contains(PosixFilePermission.GROUP_WRITE) && !mode.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (NoSuchFileException e) {
            try {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                return true;
            } catch (IOException | UnsupportedOperationException failed) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The entry in {@code file} if it is there, whole, and for exactly {@code key}; else null. */
    static Entry read(Path file, byte[] key) {
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            byte[] stored = in.readNBytes(in.readInt());
            if (!Arrays.equals(stored, key)) {
                return null;
            }
            int flags = in.readInt();
            boolean usesNotify = in.readBoolean();
            byte[] filter = in.readNBytes(in.readInt());
            int count = in.readInt();
            List<String> warnings = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                warnings.add(in.readUTF());
            }
            return new Entry(new SeccompProgram(filter, flags, usesNotify), warnings);
        } catch (IOException | RuntimeException e) {
            return null; // absent, short or otherwise unusable: compile again and rewrite it
        }
    }

    /** Writes an entry whole (a temporary file renamed into place) and trims the directory; a failure is a miss. */
    static void write(Path file, byte[] key, Entry entry) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(entry.program().flags());
            out.writeBoolean(entry.program().usesNotify());
            byte[] filter = entry.program().filter();
            out.writeInt(filter.length);
            out.write(filter);
            out.writeInt(entry.warnings().size());
            for (String warning : entry.warnings()) {
                out.writeUTF(warning);
            }
        } catch (IOException e) {
            throw new AssertionError(e); // a byte array does not fail
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid());
        try {
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            trim(file.getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // nothing more to do: the next compile tries again
            }
        }
    }

    private static void trim(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.bpf")) {
            files.forEach(entries::add);
        }
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        entries.sort(Comparator.comparing(CachingCompiler::modified));
        for (Path old : entries.subList(0, entries.size() - MAX_ENTRIES)) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
