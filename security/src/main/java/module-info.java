import io.hako.security.SecurityModule;

/** Capabilities, no_new_privs and the LSM drivers (AppArmor, SELinux), found with {@code ServiceLoader}. */
module io.hako.security {
    requires transitive io.hako.oci;

    exports io.hako.security;

    uses SecurityModule;

    provides SecurityModule with io.hako.security.internal.AppArmor, io.hako.security.internal.SELinux;
}
