package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * Block I/O weights and throttles.
 *
 * @param weight the cgroup's weight, 10 to 1000
 * @param leafWeight the weight of the cgroup's own tasks against its children (cgroup v1)
 * @param weightDevice weights of single devices
 * @param throttleReadBpsDevice read limits of single devices, bytes per second
 * @param throttleWriteBpsDevice write limits of single devices, bytes per second
 * @param throttleReadIopsDevice read limits of single devices, operations per second (JSON
 *     {@code throttleReadIOPSDevice})
 * @param throttleWriteIopsDevice write limits of single devices, operations per second (JSON
 *     {@code throttleWriteIOPSDevice})
 * @param unknown fields the model does not know, kept as they were read
 */
public record BlockIo(
        @Json(num = Json.Num.UINT16) Integer weight,
        @Json(num = Json.Num.UINT16) Integer leafWeight,
        List<WeightDevice> weightDevice,
        List<ThrottleDevice> throttleReadBpsDevice,
        List<ThrottleDevice> throttleWriteBpsDevice,
        @Json("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIopsDevice,
        @Json("throttleWriteIOPSDevice") List<ThrottleDevice> throttleWriteIopsDevice,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public BlockIo {
        weightDevice = Copies.list(weightDevice);
        throttleReadBpsDevice = Copies.list(throttleReadBpsDevice);
        throttleWriteBpsDevice = Copies.list(throttleWriteBpsDevice);
        throttleReadIopsDevice = Copies.list(throttleReadIopsDevice);
        throttleWriteIopsDevice = Copies.list(throttleWriteIopsDevice);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code weight} replaced}
     *
     * @param weight the new value, {@code null} for absent
     */
    public BlockIo withWeight(Integer weight) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code leafWeight} replaced}
     *
     * @param leafWeight the new value, {@code null} for absent
     */
    public BlockIo withLeafWeight(Integer leafWeight) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code weightDevice} replaced}
     *
     * @param weightDevice the new value, {@code null} for absent
     */
    public BlockIo withWeightDevice(List<WeightDevice> weightDevice) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code throttleReadBpsDevice} replaced}
     *
     * @param throttleReadBpsDevice the new value, {@code null} for absent
     */
    public BlockIo withThrottleReadBpsDevice(List<ThrottleDevice> throttleReadBpsDevice) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code throttleWriteBpsDevice} replaced}
     *
     * @param throttleWriteBpsDevice the new value, {@code null} for absent
     */
    public BlockIo withThrottleWriteBpsDevice(List<ThrottleDevice> throttleWriteBpsDevice) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code throttleReadIopsDevice} replaced}
     *
     * @param throttleReadIopsDevice the new value, {@code null} for absent
     */
    public BlockIo withThrottleReadIopsDevice(List<ThrottleDevice> throttleReadIopsDevice) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code throttleWriteIopsDevice} replaced}
     *
     * @param throttleWriteIopsDevice the new value, {@code null} for absent
     */
    public BlockIo withThrottleWriteIopsDevice(List<ThrottleDevice> throttleWriteIopsDevice) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public BlockIo withUnknown(UnknownFields unknown) {
        return new BlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIopsDevice, throttleWriteIopsDevice, unknown);
    }
}
