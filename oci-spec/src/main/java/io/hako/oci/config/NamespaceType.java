package io.hako.oci.config;

/** The kinds of Linux namespace, written in JSON in lower case. */
public enum NamespaceType {
    PID, NETWORK, MOUNT, IPC, UTS, USER, CGROUP, TIME;

    /** The JSON name: {@code pid}, {@code network}, ... */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
