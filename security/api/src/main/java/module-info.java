import io.hako.security.SecurityModule;

/**
 * The Linux security module SPI: {@link io.hako.security.SecurityModule}, which a driver provides
 * ({@code provides io.hako.security.SecurityModule with ...}), and {@link io.hako.security.SecurityModules}, which
 * finds the drivers with {@code ServiceLoader} in their documented order. The drivers are modules of their own
 * ({@code io.hako.security.apparmor}, {@code io.hako.security.selinux}); nothing here names them.
 */
module io.hako.security {
    requires transitive io.hako.oci;

    exports io.hako.security;

    uses SecurityModule;
}
