/**
 * The container lifecycle (create, start, state, kill, delete, exec, ...), the state store, hooks and the
 * process model with its native stage. It reaches cgroup, seccomp and LSM drivers only through their APIs.
 */
// The qualified export names io.hako.checkpoint, which requires this module and so is not on its path.
@SuppressWarnings("module")
module io.hako.container {
    requires transitive io.hako.oci;
    requires transitive io.hako.sys;
    // Containers.stats and events return the cgroups module's CgroupStats and CgroupEvents.
    requires transitive io.hako.cgroups;
    requires io.hako.namespaces;
    requires io.hako.seccomp;
    // The LSM SPI only: the drivers (io.hako.security.apparmor, .selinux) are found with ServiceLoader.
    requires io.hako.security;
    requires io.hako.security.capabilities;

    exports io.hako.container;
    // What checkpoint and restore need of the lifecycle (Checkpointing): for the module that drives CRIU alone.
    exports io.hako.container.internal to io.hako.checkpoint;
    // The state file is bound by oci-spec's record binder, which reflects on the record.
    opens io.hako.container.internal.store to io.hako.oci;
}
