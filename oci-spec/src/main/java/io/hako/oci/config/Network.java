package io.hako.oci.config;

import io.hako.oci.UnknownFields;
import io.hako.oci.internal.Copies;
import io.hako.oci.internal.Json;
import java.util.List;

/**
 * The net_cls class id and net_prio priorities.
 *
 * @param classId the net_cls class id (JSON {@code classID})
 * @param priorities the net_prio priorities of interfaces
 * @param unknown fields the model does not know, kept as they were read
 */
public record Network(
        @Json(value = "classID", num = Json.Num.UINT32) Long classId,
        List<InterfacePriority> priorities,
        UnknownFields unknown) {
    /** Keeps unmodifiable copies of the lists; takes null unknown fields for none. */
    public Network {
        priorities = Copies.list(priorities);
        unknown = UnknownFields.orNone(unknown);
    }

    /**
     * {@return a copy with {@code classId} replaced}
     *
     * @param classId the new value, {@code null} for absent
     */
    public Network withClassId(Long classId) {
        return new Network(classId, priorities, unknown);
    }

    /**
     * {@return a copy with {@code priorities} replaced}
     *
     * @param priorities the new value, {@code null} for absent
     */
    public Network withPriorities(List<InterfacePriority> priorities) {
        return new Network(classId, priorities, unknown);
    }

    /**
     * {@return a copy with {@code unknown} replaced}
     *
     * @param unknown the fields the model does not know, {@code null} for none
     */
    public Network withUnknown(UnknownFields unknown) {
        return new Network(classId, priorities, unknown);
    }
}
