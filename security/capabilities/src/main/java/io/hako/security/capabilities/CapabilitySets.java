package io.hako.security.capabilities;

import io.hako.oci.SpecValidator;
import io.hako.oci.config.Capabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A process's five capability sets as the kernel takes them: bit masks, bit N being capability N
 * ({@code CAP_CHOWN} is 0). Names no kernel defines and names this kernel lacks (above {@code cap_last_cap}) are
 * skipped with one warning in runc's words, {@code ignoring unknown or unavailable capabilities: [CAP_A CAP_B]}
 * (the names sorted, each once): the runtime-spec says a capability that cannot be granted is logged, not fatal.
 *
 * @param bounding the bounding set
 * @param effective the effective set
 * @param permitted the permitted set
 * @param inheritable the inheritable set
 * @param ambient the ambient set
 * @param warnings what was skipped: nothing, or that one line
 */
public record CapabilitySets(long bounding, long effective, long permitted, long inheritable, long ambient,
        List<String> warnings) {
    /** Keeps a copy of the warnings. */
    public CapabilitySets {
        warnings = List.copyOf(warnings);
    }

    /**
     * The masks of a spec's {@code process.capabilities}; absent means no capability at all.
     *
     * @param capabilities the section, or null
     * @param lastCap the number of the kernel's highest capability ({@link #kernelLastCap()})
     * @return the five masks, and the warning when names were skipped
     */
    public static CapabilitySets of(Capabilities capabilities, int lastCap) {
        if (capabilities == null) {
            return new CapabilitySets(0, 0, 0, 0, 0, List.of());
        }
        Set<String> skipped = new TreeSet<>();
        long bounding = mask(capabilities.bounding(), lastCap, skipped);
        long effective = mask(capabilities.effective(), lastCap, skipped);
        long permitted = mask(capabilities.permitted(), lastCap, skipped);
        long inheritable = mask(capabilities.inheritable(), lastCap, skipped);
        long ambient = mask(capabilities.ambient(), lastCap, skipped);
        return new CapabilitySets(bounding, effective, permitted, inheritable, ambient, skipped.isEmpty() ? List.of()
                : List.of("ignoring unknown or unavailable capabilities: [" + String.join(" ", skipped) + "]"));
    }

    /**
     * The number of the highest capability of the running kernel.
     *
     * @return {@code /proc/sys/kernel/cap_last_cap}'s number
     * @throws IOException when the file cannot be read
     */
    public static int kernelLastCap() throws IOException {
        // Not Files.readString: it reads procfs's sysctl files a byte and then an offset at a time, and gets "4".
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
            return Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip());
        }
    }

    /**
     * The number of a capability name.
     *
     * @param name a name as the spec writes it, {@code CAP_KILL}
     * @return its number, 5 for {@code CAP_KILL}, or -1 when no kernel defines it
     */
    public static int number(String name) {
        return SpecValidator.KNOWN_CAPABILITIES.indexOf(name);
    }

    /**
     * The names of the capabilities in a mask, lowest bit first.
     *
     * @param mask bit N for capability N
     * @return the names, {@code capability N} for a bit no name is known for
     */
    public static List<String> names(long mask) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & 1L << bit) != 0) {
                names.add(bit < SpecValidator.KNOWN_CAPABILITIES.size() ? SpecValidator.KNOWN_CAPABILITIES.get(bit)
                        : "capability " + bit);
            }
        }
        return names;
    }

    private static long mask(List<String> names, int lastCap, Set<String> skipped) {
        long mask = 0;
        if (names == null) {
            return mask;
        }
        for (String name : names) {
            int bit = number(name);
            if (bit < 0 || bit > lastCap) {
                skipped.add(name);
            } else {
                mask |= 1L << bit;
            }
        }
        return mask;
    }
}
