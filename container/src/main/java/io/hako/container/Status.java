package io.hako.container;

import java.util.Locale;

/** A container's status (runtime-spec {@code runtime.md}, plus {@code paused} as runc reports it). */
public enum Status {
    CREATING, CREATED, RUNNING, PAUSED, STOPPED;

    /** The name in the state document: {@code created}, {@code running}, ... */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
