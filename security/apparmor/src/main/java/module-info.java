import io.hako.security.SecurityModule;

/**
 * The AppArmor driver of hako's security module SPI: a {@link SecurityModule} provider and nothing else (it
 * exports no package). A program that wants AppArmor puts this module on its module path or class path;
 * {@link io.hako.security.SecurityModules} finds it.
 */
module io.hako.security.apparmor {
    requires io.hako.security;

    provides SecurityModule with io.hako.security.apparmor.internal.AppArmor;
}
