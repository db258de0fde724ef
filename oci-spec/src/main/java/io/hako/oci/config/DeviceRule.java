package io.hako.oci.config;

import io.hako.oci.UnknownFields;

/**
 * A device cgroup rule.
 *
 * @param allow allow or deny
 * @param type {@code a}, {@code c} or {@code b}; absent means all
 * @param major absent means all
 * @param minor absent means all
 * @param access some of {@code r}, {@code w}, {@code m}
 */
public record DeviceRule(boolean allow, String type, Long major, Long minor, String access, UnknownFields unknown) {
    public DeviceRule {
        unknown = UnknownFields.orNone(unknown);
    }
}
