package io.hako.seccomp.internal;

import io.hako.seccomp.SeccompSupport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What can be compiled and loaded here, from libseccomp's API level (seccomp_api_get(3), which the library
 * computes by probing the kernel) and the kernel's release. Pure: the caller asks the library.
 */
final class Support {
    /** The kernel release that brought SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (libseccomp 2.5 does not probe it). */
    static final int WAIT_KILLABLE_RECV_MAJOR = 5;
    static final int WAIT_KILLABLE_RECV_MINOR = 19;

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    private Support() {}

    /** The actions the library and kernel support at this API level. */
    static Set<Action.Kind> actions(int apiLevel) {
        Set<Action.Kind> kinds = EnumSet.noneOf(Action.Kind.class);
        for (Action.Kind kind : Action.Kind.values()) {
            if (kind.apiLevel() <= apiLevel) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /**
     * The load flags that can be honoured. API level 3 means the kernel takes SECCOMP_FILTER_FLAG_LOG, 4
     * SPEC_ALLOW, 5 NEW_LISTENER (libseccomp probes each); WAIT_KILLABLE_RECV needs NEW_LISTENER and a kernel
     * from 5.19, which libseccomp 2.5 does not probe, so the release decides. TSYNC is always accepted since it
     * is ignored (see {@link FilterFlag#TSYNC}).
     */
    static Set<FilterFlag> flags(int apiLevel, String kernelRelease) {
        Set<FilterFlag> flags = EnumSet.of(FilterFlag.TSYNC);
        if (apiLevel >= 3) {
            flags.add(FilterFlag.LOG);
        }
        if (apiLevel >= 4) {
            flags.add(FilterFlag.SPEC_ALLOW);
        }
        if (apiLevel >= 5 && kernelAtLeast(kernelRelease, WAIT_KILLABLE_RECV_MAJOR,
                WAIT_KILLABLE_RECV_MINOR)) {
            flags.add(FilterFlag.WAIT_KILLABLE_RECV);
        }
        return flags;
    }

    /** Whether {@code release} ({@code uname -r}: {@code 6.1.0-18-amd64}) is at least major.minor; no if unreadable. */
    static boolean kernelAtLeast(String release, int major, int minor) {
        Matcher m = RELEASE.matcher(release == null ? "" : release);
        if (!m.find()) {
            return false;
        }
        try {
            int ma = Integer.parseInt(m.group(1));
            int mi = Integer.parseInt(m.group(2));
            return ma > major || ma == major && mi >= minor;
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }

    /** The support record: names sorted, as {@code runc features} lists them. */
    static SeccompSupport of(int apiLevel, String kernelRelease, Predicate<Architecture> resolves, String version) {
        List<String> actions = new ArrayList<>(Action.names(actions(apiLevel)));
        List<String> operators = new ArrayList<>();
        for (Operator op : Operator.values()) {
            operators.add(op.specName());
        }
        List<String> archs = new ArrayList<>();
        for (Architecture arch : Architecture.values()) {
            if (resolves.test(arch)) {
                archs.add(arch.specName());
            }
        }
        List<String> flags = new ArrayList<>();
        for (FilterFlag flag : flags(apiLevel, kernelRelease)) {
            flags.add(flag.specName());
        }
        actions.sort(null);
        operators.sort(null);
        archs.sort(null);
        flags.sort(null);
        return new SeccompSupport(actions, operators, archs, flags, version);
    }
}
