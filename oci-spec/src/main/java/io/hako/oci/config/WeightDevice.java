package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Json;

/**
 * A block I/O weight for one device.
 *
 * @param major the device's major number
 * @param minor the device's minor number
 * @param weight its weight
 * @param leafWeight its leaf weight (cgroup v1)
 * @param unknown fields the model does not know, kept as they were read
 */
public record WeightDevice(
        long major,
        long minor,
        @Json(num = Json.Num.UINT16) Integer weight,
        @Json(num = Json.Num.UINT16) Integer leafWeight,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public WeightDevice {
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code major} replaced}
     *
     * @param major the new value
     */
    public WeightDevice withMajor(long major) {
        return new WeightDevice(major, minor, weight, leafWeight, unknown);
    }

    /**
     * {@return a copy with {@code minor} replaced}
     *
     * @param minor the new value
     */
    public WeightDevice withMinor(long minor) {
        return new WeightDevice(major, minor, weight, leafWeight, unknown);
    }

    /**
     * {@return a copy with {@code weight} replaced}
     *
     * @param weight the new value, {@code null} for absent
     */
    public WeightDevice withWeight(Integer weight) {
        return new WeightDevice(major, minor, weight, leafWeight, unknown);
    }

    /**
     * {@return a copy with {@code leafWeight} replaced}
     *
     * @param leafWeight the new value, {@code null} for absent
     */
    public WeightDevice withLeafWeight(Integer leafWeight) {
        return new WeightDevice(major, minor, weight, leafWeight, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public WeightDevice withUnknown(UnknownFields unknown) {
        return new WeightDevice(major, minor, weight, leafWeight, unknown);
    }
}
