package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/**
 * Which cgroup layouts and managers a runtime supports.
 *
 * @param v1 whether cgroup v1 is supported
 * @param v2 whether cgroup v2 is supported
 * @param systemd whether the systemd cgroup driver is supported
 * @param systemdUser whether the systemd driver of a user's own manager is supported
 * @param rdma whether the rdma controller is supported
 * @param unknown fields the model does not know, kept as they were read
 */
public record CgroupFeatures(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma,
        UnknownFields unknown) {
    /** Takes null unknown fields for none. */
    public CgroupFeatures {
        unknown = UnknownFields.orNone(unknown);
    }
}
