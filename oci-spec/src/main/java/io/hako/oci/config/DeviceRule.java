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
 * @param unknown fields the model does not know, kept as they were read
 */
public record DeviceRule(boolean allow, String type, Long major, Long minor, String access, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public DeviceRule {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code allow} replaced}
     *
     * @param allow the new value
     */
    public DeviceRule withAllow(boolean allow) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }

    /**
     * {@return a copy with {@code type} replaced}
     *
     * @param type the new value, {@code null} for absent
     */
    public DeviceRule withType(String type) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }

    /**
     * {@return a copy with {@code major} replaced}
     *
     * @param major the new value, {@code null} for absent
     */
    public DeviceRule withMajor(Long major) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }

    /**
     * {@return a copy with {@code minor} replaced}
     *
     * @param minor the new value, {@code null} for absent
     */
    public DeviceRule withMinor(Long minor) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }

    /**
     * {@return a copy with {@code access} replaced}
     *
     * @param access the new value, {@code null} for absent
     */
    public DeviceRule withAccess(String access) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public DeviceRule withUnknown(UnknownFields unknown) {
        return new DeviceRule(allow, type, major, minor, access, unknown);
    }
}
