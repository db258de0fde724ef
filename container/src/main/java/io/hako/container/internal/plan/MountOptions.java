package io.hako.container.internal.plan;

import io.hako.oci.config.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mount(8)} options as {@code mount(2)} takes them: flags to set, flags to clear, propagation, and what is
 * left for the filesystem as its data string.
 *
 * @param flags the MS_* flags to set
 * @param propagation MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE, with MS_REC for the r-forms; 0 for none
 * @param data the options the filesystem gets, comma-separated
 * @param idmap whether the mount is id-mapped ({@code idmap}), recursively ({@code ridmap}), or not
 * @param attrSet MOUNT_ATTR_* to set on the mount and every mount under it ({@code rro}, {@code rnosuid}, ...)
 * @param attrClear MOUNT_ATTR_* to clear on the mount and every mount under it ({@code rrw}, {@code rsuid}, ...)
 * @param copyUp {@code tmpcopyup}: a tmpfs starts with a copy of what the image had at its destination
 */
public record MountOptions(long flags, long propagation, String data, Idmap idmap, long attrSet, long attrClear,
        boolean copyUp) {
    /** The {@code idmap} and {@code ridmap} options. */
    public enum Idmap { NONE, IDMAP, RIDMAP }

    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final long MS_NOEXEC = 8;
    static final long MS_SYNCHRONOUS = 16;
    static final long MS_REMOUNT = 32;
    static final long MS_MANDLOCK = 64;
    static final long MS_DIRSYNC = 128;
    static final long MS_NOSYMFOLLOW = 256;
    static final long MS_NOATIME = 1024;
    static final long MS_NODIRATIME = 2048;
    static final long MS_BIND = 4096;
    static final long MS_REC = 0x4000;
    static final long MS_SILENT = 0x8000;
    static final long MS_POSIXACL = 1 << 16;
    static final long MS_UNBINDABLE = 1 << 17;
    static final long MS_PRIVATE = 1 << 18;
    static final long MS_SLAVE = 1 << 19;
    static final long MS_SHARED = 1 << 20;
    static final long MS_RELATIME = 1 << 21;
    static final long MS_I_VERSION = 1 << 23;
    static final long MS_STRICTATIME = 1 << 24;
    static final long MS_LAZYTIME = 1 << 25;

    /** option -> {flags set, flags cleared}. */
    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("ro", new long[] {MS_RDONLY, 0}), Map.entry("rw", new long[] {0, MS_RDONLY}),
            Map.entry("nosuid", new long[] {MS_NOSUID, 0}), Map.entry("suid", new long[] {0, MS_NOSUID}),
            Map.entry("nodev", new long[] {MS_NODEV, 0}), Map.entry("dev", new long[] {0, MS_NODEV}),
            Map.entry("noexec", new long[] {MS_NOEXEC, 0}), Map.entry("exec", new long[] {0, MS_NOEXEC}),
            Map.entry("sync", new long[] {MS_SYNCHRONOUS, 0}), Map.entry("async", new long[] {0, MS_SYNCHRONOUS}),
            Map.entry("dirsync", new long[] {MS_DIRSYNC, 0}), Map.entry("remount", new long[] {MS_REMOUNT, 0}),
            Map.entry("mand", new long[] {MS_MANDLOCK, 0}), Map.entry("nomand", new long[] {0, MS_MANDLOCK}),
            Map.entry("noatime", new long[] {MS_NOATIME, 0}), Map.entry("atime", new long[] {0, MS_NOATIME}),
            Map.entry("nodiratime", new long[] {MS_NODIRATIME, 0}),
            Map.entry("diratime", new long[] {0, MS_NODIRATIME}),
            Map.entry("bind", new long[] {MS_BIND, 0}), Map.entry("rbind", new long[] {MS_BIND | MS_REC, 0}),
            Map.entry("relatime", new long[] {MS_RELATIME, 0}), Map.entry("norelatime", new long[] {0, MS_RELATIME}),
            Map.entry("strictatime", new long[] {MS_STRICTATIME, 0}),
            Map.entry("nostrictatime", new long[] {0, MS_STRICTATIME}),
            Map.entry("lazytime", new long[] {MS_LAZYTIME, 0}), Map.entry("nolazytime", new long[] {0, MS_LAZYTIME}),
            Map.entry("silent", new long[] {MS_SILENT, 0}), Map.entry("loud", new long[] {0, MS_SILENT}),
            Map.entry("nosymfollow", new long[] {MS_NOSYMFOLLOW, 0}),
            Map.entry("symfollow", new long[] {0, MS_NOSYMFOLLOW}),
            Map.entry("acl", new long[] {MS_POSIXACL, 0}), Map.entry("noacl", new long[] {0, MS_POSIXACL}),
            Map.entry("iversion", new long[] {MS_I_VERSION, 0}), Map.entry("noiversion", new long[] {0, MS_I_VERSION}),
            Map.entry("defaults", new long[] {0, 0}));

    static final long MOUNT_ATTR_RDONLY = 0x1;
    static final long MOUNT_ATTR_NOSUID = 0x2;
    static final long MOUNT_ATTR_NODEV = 0x4;
    static final long MOUNT_ATTR_NOEXEC = 0x8;
    static final long MOUNT_ATTR_ATIME = 0x70; /* the access-time field: set one value, clear the field */
    static final long MOUNT_ATTR_RELATIME = 0;
    static final long MOUNT_ATTR_NOATIME = 0x10;
    static final long MOUNT_ATTR_STRICTATIME = 0x20;
    static final long MOUNT_ATTR_NODIRATIME = 0x80;
    static final long MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

    /** Recursive options (mount_setattr with AT_RECURSIVE): option -> {attributes set, attributes cleared}. */
    private static final Map<String, long[]> RECURSIVE = Map.ofEntries(
            Map.entry("rro", new long[] {MOUNT_ATTR_RDONLY, 0}), Map.entry("rrw", new long[] {0, MOUNT_ATTR_RDONLY}),
            Map.entry("rnosuid", new long[] {MOUNT_ATTR_NOSUID, 0}),
            Map.entry("rsuid", new long[] {0, MOUNT_ATTR_NOSUID}),
            Map.entry("rnodev", new long[] {MOUNT_ATTR_NODEV, 0}), Map.entry("rdev", new long[] {0, MOUNT_ATTR_NODEV}),
            Map.entry("rnoexec", new long[] {MOUNT_ATTR_NOEXEC, 0}),
            Map.entry("rexec", new long[] {0, MOUNT_ATTR_NOEXEC}),
            Map.entry("rnodiratime", new long[] {MOUNT_ATTR_NODIRATIME, 0}),
            Map.entry("rdiratime", new long[] {0, MOUNT_ATTR_NODIRATIME}),
            // The access time is one field of three values: setting one clears the field first.
            Map.entry("rrelatime", new long[] {MOUNT_ATTR_RELATIME, MOUNT_ATTR_ATIME}),
            Map.entry("rnorelatime", new long[] {0, MOUNT_ATTR_RELATIME}),
            Map.entry("rnoatime", new long[] {MOUNT_ATTR_NOATIME, MOUNT_ATTR_ATIME}),
            Map.entry("ratime", new long[] {0, MOUNT_ATTR_NOATIME}),
            Map.entry("rstrictatime", new long[] {MOUNT_ATTR_STRICTATIME, MOUNT_ATTR_ATIME}),
            Map.entry("rnostrictatime", new long[] {0, MOUNT_ATTR_STRICTATIME}),
            Map.entry("rnosymfollow", new long[] {MOUNT_ATTR_NOSYMFOLLOW, 0}),
            Map.entry("rsymfollow", new long[] {0, MOUNT_ATTR_NOSYMFOLLOW}));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** The options every mount type takes; what none of the tables knows is the filesystem's own data. */
    static MountOptions parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        long attrSet = 0;
        long attrClear = 0;
        boolean copyUp = false;
        Idmap idmap = Idmap.NONE;
        List<String> data = new ArrayList<>();
        if (options != null) {
            for (String option : options) {
                long[] flag = FLAGS.get(option);
                Long prop = PROPAGATION.get(option);
                long[] recursive = RECURSIVE.get(option);
                if (flag != null) {
                    flags = (flags | flag[0]) & ~flag[1];
                } else if (prop != null) {
                    propagation = prop;
                } else if (recursive != null) {
                    attrSet |= recursive[0];
                    attrClear |= recursive[1];
                } else if (option.equals("idmap") || option.equals("ridmap")) {
                    idmap = option.equals("ridmap") ? Idmap.RIDMAP : Idmap.IDMAP;
                } else if (option.equals("tmpcopyup")) {
                    copyUp = true;
                } else {
                    data.add(option); // the filesystem's own: mode=755, size=64k, newinstance, ...
                }
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data), idmap, attrSet, attrClear, copyUp);
    }

    /** Every option the planner carries out, sorted: the {@code mountOptions} of the features document. */
    public static List<String> supported() {
        List<String> all = new ArrayList<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(RECURSIVE.keySet());
        all.addAll(List.of("idmap", "ridmap", "tmpcopyup"));
        all.sort(null);
        return List.copyOf(all);
    }

    boolean isBind() {
        return (flags & MS_BIND) != 0;
    }

    /** Whether {@code mount} is a bind mount, whose source is a path (relative ones to the bundle). */
    public static boolean isBindMount(Mount mount) {
        return parse(mount.options()).isBind() || "bind".equals(mount.type());
    }
}
