package io.hako.namespaces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process runs in a user namespace other than the initial one, decided as runc decides it: the initial
 * namespace is the one whose uid map is the single full range {@code 0 0 4294967295}. Root there is the host's
 * root; root anywhere else (podman's rootless namespace, {@code unshare -r}) is not, and runc's rootless rules
 * apply to it.
 */
public final class UserNamespace {
    private static final Path SELF_UID_MAP = Path.of("/proc/self/uid_map");

    private UserNamespace() {}

    /**
     * {@return whether {@code uidMap} is that of the initial namespace} Pure.
     *
     * @param uidMap the text of a {@code /proc/<pid>/uid_map}
     */
    public static boolean isInitial(String uidMap) {
        String[] lines = uidMap.strip().split("\n");
        if (lines.length != 1) {
            return false;
        }
        String[] fields = lines[0].strip().split("\\s+");
        return fields.length == 3 && fields[0].equals("0") && fields[1].equals("0") && fields[2].equals("4294967295");
    }

    /**
     * Whether this process runs in a user namespace other than the initial one. A kernel without user namespaces
     * has no uid_map: then, as for runc, it does not.
     *
     * @return true in a user namespace other than the initial one
     */
    public static boolean current() {
        // A stream: procfs files report size 0.
        try (InputStream in = Files.newInputStream(SELF_UID_MAP)) {
            return !isInitial(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
