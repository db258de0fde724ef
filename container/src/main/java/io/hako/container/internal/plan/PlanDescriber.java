package io.hako.container.internal.plan;

import io.hako.namespaces.Kinds;
import io.hako.oci.SpecValidator;
import io.hako.oci.config.NamespaceType;
import io.hako.security.capabilities.CapabilitySets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a plan for people: one operation a line as {@link PlanPrinter} does, but with flags, modes, limits and
 * capabilities by name ({@code mount "proc" on "/proc" type "proc" nosuid|nodev|noexec}). This is what
 * {@code hako plan} shows; the stage's own listing ({@code --print}) stays numeric.
 */
public final class PlanDescriber {
    private static final Map<Long, String> CLONE = new LinkedHashMap<>();
    private static final Map<Long, String> MOUNT = new LinkedHashMap<>();

    static {
        // Named in the order of their bits, as the kernel defines them.
        Arrays.stream(NamespaceType.values()).sorted(Comparator.comparingInt(Kinds::cloneFlag))
                .forEach(type -> CLONE.put((long) Kinds.cloneFlag(type), type.toString()));
        String[] names = {"ro", "nosuid", "nodev", "noexec", "sync", "remount", "mand", "dirsync", "nosymfollow", null,
            "noatime", "nodiratime", "bind", "move", "rec", "silent", "acl", "unbindable", "private", "slave", "shared",
            "relatime", null, "iversion", "strictatime", "lazytime"};
        for (int bit = 0; bit < names.length; bit++) {
            if (names[bit] != null) {
                MOUNT.put(1L << bit, names[bit]);
            }
        }
    }

    private PlanDescriber() {}

    public static String describe(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (Op op : plan.ops()) {
            List<Object> f = op.fields();
            String line = switch (op.code()) {
                case JOIN_NAMESPACE -> "join-namespace " + flags(CLONE, (Integer) f.get(0)) + " " + quote(f.get(1));
                case UNSHARE -> "unshare " + flags(CLONE, (Integer) f.get(0));
                case SET_IDS -> "set-ids uid " + unsigned(f.get(0)) + " gid " + unsigned(f.get(1));
                case TIME_OFFSET -> "time-offset " + ((Integer) f.get(0) == 7 ? "boottime" : "monotonic") + " "
                        + f.get(1) + "s " + unsigned(f.get(2)) + "ns";
                case ROOT_PROPAGATION -> "root-propagation " + flags(MOUNT, (Long) f.get(0));
                case MOUNT -> "mount " + quote(f.get(0)) + " on " + quote(f.get(1))
                        + (((String) f.get(2)).isEmpty() ? "" : " type " + quote(f.get(2))) + " "
                        + flags(MOUNT, (Long) f.get(3))
                        + (((String) f.get(4)).isEmpty() ? "" : " data " + quote(f.get(4)))
                        + switch ((Integer) f.get(5)) {
                            case 1 -> " (makes a directory if missing)";
                            case 2 -> " (makes a file if missing)";
                            default -> "";
                        }
                        + (((Integer) f.get(6) & OpCode.MOUNT_COPY_UP) != 0 ? " (copies up what was there)" : "")
                        + (((Integer) f.get(6) & OpCode.MOUNT_ORDINARY_DIRECTORY) != 0
                                ? " (on a directory only)" : "")
                        + (((Integer) f.get(6) & OpCode.MOUNT_PREOPENED_SOURCE) != 0
                                ? " (from the source opened with the host's rights)" : "");
                case ROOTFS -> "rootfs " + quote(f.get(0))
                        + ((Integer) f.get(1) == 1 ? " (its parent mount made private if shared)" : "");
                case CHDIR -> "chdir " + quote(f.get(0)) + ((Integer) f.get(1) == 1 ? " (made if missing)" : "");
                case MOUNT_SETATTR -> "mount-setattr " + quote(f.get(0)) + " recursive set "
                        + flags(MOUNT_ATTR, (Long) f.get(1)) + " clear " + flags(MOUNT_ATTR, (Long) f.get(2));
                case REMOUNT -> "remount " + quote(f.get(0)) + " " + flags(MOUNT, (Long) f.get(1));
                case MKNOD -> mknod(f);
                case SYMLINK -> "symlink " + quote(f.get(1)) + " -> " + quote(f.get(0));
                case RLIMIT -> "rlimit " + rlimit((Integer) f.get(0)) + " soft " + limit((Long) f.get(1)) + " hard "
                        + limit((Long) f.get(2));
                case UMASK -> "umask " + String.format("%04o", (Integer) f.get(0));
                case USER -> "user uid " + unsigned(f.get(0)) + " gid " + unsigned(f.get(1));
                case CAPABILITIES -> "capabilities bounding " + caps(f.get(0)) + " effective " + caps(f.get(1))
                        + " permitted " + caps(f.get(2)) + " inheritable " + caps(f.get(3)) + " ambient "
                        + caps(f.get(4));
                case WAIT_START -> "wait-start (exec fifo, descriptor " + f.get(0) + ")";
                case IDMAP_PREPARE -> "idmap-prepare " + quote(f.get(0)) + ((Integer) f.get(1) == 1 ? " recursive" : "")
                        + " uids " + mappings(f.get(2)) + " gids " + mappings(f.get(3));
                case IDMAP_ATTACH -> "idmap-attach #" + f.get(0) + " on " + quote(f.get(1)) + " "
                        + flags(MOUNT, (Long) f.get(2));
                case SECCOMP -> "seccomp " + ((byte[]) f.get(1)).length / 8 + " BPF instructions, flags "
                        + seccompFlags((Integer) f.get(0));
                default -> PlanPrinter.print(new Plan(List.of(op))).strip();
            };
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Id mappings as container id:host id:size, from the plan's flat triples. */
    private static String mappings(Object list) {
        List<?> numbers = (List<?>) list;
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 2 < numbers.size(); i += 3) {
            out.add(Integer.toUnsignedString((Integer) numbers.get(i)) + ":"
                    + Integer.toUnsignedString((Integer) numbers.get(i + 1)) + ":"
                    + Integer.toUnsignedString((Integer) numbers.get(i + 2)));
        }
        return String.join(",", out);
    }

    /** mount_setattr(2)'s MOUNT_ATTR_* names, by bit (the access-time field's three bits as one). */
    private static final Map<Long, String> MOUNT_ATTR = new TreeMap<>(Map.of(1L, "rdonly", 2L, "nosuid", 4L, "nodev",
            8L, "noexec", 0x10L, "noatime", 0x20L, "strictatime", 0x40L, "atime-field", 0x80L, "nodiratime",
            0x200000L, "nosymfollow"));

    /** seccomp(2)'s SECCOMP_FILTER_FLAG_* names, by bit. */
    private static final Map<Long, String> SECCOMP_FLAGS = new TreeMap<>(Map.of(1L, "TSYNC", 2L, "LOG",
            4L, "SPEC_ALLOW", 8L, "NEW_LISTENER", 16L, "TSYNC_ESRCH", 32L, "WAIT_KILLABLE_RECV"));

    private static String seccompFlags(int value) {
        return value == 0 ? "none" : flags(SECCOMP_FLAGS, value);
    }

    private static String flags(Map<Long, String> names, long value) {
        List<String> set = new ArrayList<>();
        long rest = value;
        for (var entry : names.entrySet()) {
            if ((value & entry.getKey()) != 0) {
                set.add(entry.getValue());
                rest &= ~entry.getKey();
            }
        }
        if (rest != 0) {
            set.add("0x" + Long.toHexString(rest));
        }
        return set.isEmpty() ? "-" : String.join("|", set);
    }

    private static String mknod(List<Object> f) {
        int mode = (Integer) f.get(1);
        String type = switch (mode & 0170000) {
            case 0060000 -> "b";
            case 0010000 -> "p";
            default -> "c";
        };
        return "mknod " + quote(f.get(0)) + " " + type + " " + String.format("%04o", mode & 07777) + " "
                + unsigned(f.get(2)) + ":" + unsigned(f.get(3)) + " owner " + unsigned(f.get(4)) + ":"
                + unsigned(f.get(5));
    }

    private static String rlimit(int number) {
        return number >= 0 && number < SpecValidator.RLIMITS.size() ? SpecValidator.RLIMITS.get(number)
                : "rlimit " + number;
    }

    private static String limit(long value) {
        return value == -1 ? "unlimited" : Long.toUnsignedString(value);
    }

    private static String caps(Object mask) {
        List<String> names = CapabilitySets.names((Long) mask);
        return names.isEmpty() ? "[]" : "[" + String.join(" ", names) + "]";
    }

    private static String unsigned(Object value) {
        return Integer.toUnsignedString((Integer) value);
    }

    private static String quote(Object value) {
        return PlanPrinter.quote((String) value);
    }
}
