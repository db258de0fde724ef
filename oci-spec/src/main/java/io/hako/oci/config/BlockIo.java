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
}
