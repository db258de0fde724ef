package io.hako.container.internal.plan;

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
 */
public record MountOptions(long flags, long propagation, String data, Idmap idmap) {
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
    static final long MS_UNBINDABLE = 1 << 17;
    static final long MS_PRIVATE = 1 << 18;
    static final long MS_SLAVE = 1 << 19;
    static final long MS_SHARED = 1 << 20;
    static final long MS_RELATIME = 1 << 21;
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
            Map.entry("defaults", new long[] {0, 0}));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** Options hako knows but does not do yet; refused rather than ignored. */
    private static final List<String> UNSUPPORTED = List.of("tmpcopyup", "rro", "rrw", "rnosuid",
            "rsuid", "rnodev", "rdev", "rnoexec", "rexec", "rnoatime", "ratime", "rnodiratime", "rdiratime",
            "rrelatime", "rnorelatime", "rstrictatime", "rnostrictatime", "rnosymfollow", "rsymfollow");

    /** The options every mount type takes; throws with the option's name when one is not supported. */
    static MountOptions parse(List<String> options) throws UnsupportedOptionException {
        long flags = 0;
        long propagation = 0;
        Idmap idmap = Idmap.NONE;
        List<String> data = new ArrayList<>();
        if (options != null) {
            for (String option : options) {
                long[] flag = FLAGS.get(option);
                Long prop = PROPAGATION.get(option);
                if (flag != null) {
                    flags = (flags | flag[0]) & ~flag[1];
                } else if (prop != null) {
                    propagation = prop;
                } else if (option.equals("idmap") || option.equals("ridmap")) {
                    idmap = option.equals("ridmap") ? Idmap.RIDMAP : Idmap.IDMAP;
                } else if (UNSUPPORTED.contains(option)) {
                    throw new UnsupportedOptionException(option);
                } else {
                    data.add(option); // the filesystem's own: mode=755, size=64k, newinstance, ...
                }
            }
        }
        return new MountOptions(flags, propagation, String.join(",", data), idmap);
    }

    /** Every option the planner carries out, sorted: the {@code mountOptions} of the features document. */
    public static List<String> supported() {
        List<String> all = new ArrayList<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(List.of("idmap", "ridmap"));
        all.sort(null);
        return List.copyOf(all);
    }

    boolean isBind() {
        return (flags & MS_BIND) != 0;
    }

    /** An option hako recognises but cannot do yet. */
    static final class UnsupportedOptionException extends Exception {
        final String option;

        UnsupportedOptionException(String option) {
            super("mount option \"" + option + "\" is not supported yet");
            this.option = option;
        }
    }
}
