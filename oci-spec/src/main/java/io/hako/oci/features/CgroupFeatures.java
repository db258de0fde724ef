package io.hako.oci.features;

import io.hako.oci.UnknownFields;

/** Which cgroup layouts and managers a runtime supports. */
public record CgroupFeatures(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma,
        UnknownFields unknown) {
    public CgroupFeatures {
        unknown = UnknownFields.orNone(unknown);
    }
}
