import io.hako.security.SecurityModule;

/**
 * The SELinux driver of hako's security module SPI: a {@link SecurityModule} provider and nothing else (it
 * exports no package). A program that wants SELinux puts this module on its module path or class path;
 * {@link io.hako.security.SecurityModules} finds it.
 */
module io.hako.security.selinux {
    requires io.hako.security;

    provides SecurityModule with io.hako.security.selinux.internal.SELinux;
}
