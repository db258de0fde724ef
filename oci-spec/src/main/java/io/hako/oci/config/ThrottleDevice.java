package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * A block I/O rate limit (bytes or operations per second) for one device.
 *
 * @param major the device's major number
 * @param minor the device's minor number
 * @param rate the limit, bytes or operations per second
 * @param unknown fields the model does not know, kept as they were read
 */
public record ThrottleDevice(long major, long minor, @Json(num = Json.Num.UINT64) Long rate, UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public ThrottleDevice {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code major} replaced}
     *
     * @param major the new value
     */
    public ThrottleDevice withMajor(long major) {
        return new ThrottleDevice(major, minor, rate, unknown);
    }

    /**
     * {@return a copy with {@code minor} replaced}
     *
     * @param minor the new value
     */
    public ThrottleDevice withMinor(long minor) {
        return new ThrottleDevice(major, minor, rate, unknown);
    }

    /**
     * {@return a copy with {@code rate} replaced}
     *
     * @param rate the new value, {@code null} for absent
     */
    public ThrottleDevice withRate(Long rate) {
        return new ThrottleDevice(major, minor, rate, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public ThrottleDevice withUnknown(UnknownFields unknown) {
        return new ThrottleDevice(major, minor, rate, unknown);
    }
}
