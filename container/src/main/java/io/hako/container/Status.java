package io.hako.container;

import java.util.Locale;

/** A container's status (runtime-spec {@code runtime.md}, plus {@code paused} as runc reports it). */
public enum Status {
    /** A create is under way: its creator still holds the container's lock. */
    CREATING,
    /** Made, its init waiting to be started. */
    CREATED,
    /** Started, its init alive. */
    RUNNING,
    /** Its cgroup frozen by {@code pause}. */
    PAUSED,
    /** Its init has exited, or its create died before finishing: what is left of it is for delete. */
    STOPPED;

    /** The name in the state document: {@code created}, {@code running}, ... */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
