package io.hako.oci.config;

/** The kinds of Linux namespace, written in JSON in lower case. */
public enum NamespaceType {
    /** Process ids. */
    PID,
    /** Network devices, addresses, ports, routes. */
    NETWORK,
    /** Mount points. */
    MOUNT,
    /** System V IPC objects and POSIX message queues. */
    IPC,
    /** The hostname and the NIS domain name. */
    UTS,
    /** User and group ids, and capabilities over the namespaces it owns. */
    USER,
    /** The root of the cgroup hierarchy the processes see. */
    CGROUP,
    /** The offsets of the boot-time and monotonic clocks. */
    TIME;

    /** The JSON name: {@code pid}, {@code network}, ... */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
