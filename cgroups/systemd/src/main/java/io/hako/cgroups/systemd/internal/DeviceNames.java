package io.hako.cgroups.systemd.internal;

import java.util.Optional;

/** {@code /proc/devices}: which driver name a major number has, for systemd's {@code char-NAME} rules. Pure. */
final class DeviceNames {
    private DeviceNames() {}

    /**
     * The name of {@code major} in the "Character devices:" ('c') or "Block devices:" ('b') part of
     * {@code procDevices}.
     */
    static Optional<String> find(String procDevices, char type, long major) {
        String wanted = type == 'b' ? "Block devices:" : "Character devices:";
        boolean inPart = false;
        for (String line : procDevices.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.endsWith("devices:")) {
                inPart = trimmed.equals(wanted);
                continue;
            }
            if (!inPart || trimmed.isEmpty()) {
                continue;
            }
            int space = trimmed.indexOf(' ');
            if (space > 0 && trimmed.substring(0, space).equals(Long.toString(major))) {
                return Optional.of(trimmed.substring(space + 1).strip());
            }
        }
        return Optional.empty();
    }
}
