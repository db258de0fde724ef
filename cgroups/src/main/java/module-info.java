/** Cgroup managers: one API, a driver per cgroup layout (v1, v2, systemd), found with {@code ServiceLoader}. */
module io.hako.cgroups {
    requires io.hako.sys;
    requires transitive io.hako.oci;
}
