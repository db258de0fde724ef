package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/** Block I/O weights and throttles. */
public record BlockIo(
        @Json(num = Json.Num.UINT16) Integer weight,
        @Json(num = Json.Num.UINT16) Integer leafWeight,
        List<WeightDevice> weightDevice,
        List<ThrottleDevice> throttleReadBpsDevice,
        List<ThrottleDevice> throttleWriteBpsDevice,
        @Json("throttleReadIOPSDevice") List<ThrottleDevice> throttleReadIopsDevice,
        @Json("throttleWriteIOPSDevice") List<ThrottleDevice> throttleWriteIopsDevice,
        UnknownFields unknown) {
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
