/**
 * A process's capability sets as the kernel takes them, from a configuration's {@code process.capabilities}
 * ({@link io.hako.security.capabilities.CapabilitySets}): a pure function of the spec and the kernel's last
 * capability, with the names' numbers. No provider and no LSM: it needs only the spec model.
 */
module io.hako.security.capabilities {
    requires transitive io.hako.oci;

    exports io.hako.security.capabilities;
}
