package io.hako.security;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The security modules of this build. */
public final class SecurityModules {
    private SecurityModules() {}

    /** Every module this build has, enabled on this host or not. */
    public static List<SecurityModule> all() {
        List<SecurityModule> modules = new ArrayList<>();
        ServiceLoader.load(SecurityModule.class).forEach(modules::add);
        return modules;
    }
}
