package io.hako.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The security modules of this build: the providers of {@link SecurityModule} that {@link ServiceLoader} finds,
 * declared with {@code provides} on the module path or in {@code META-INF/services} on the class path. Both list
 * the same providers, in the same order: {@link SecurityModule#priority()}, higher first, then
 * {@link SecurityModule#name()}, then the class name; never the order in which the loader found them.
 */
public final class SecurityModules {
    /** Priority descending, then name, then class name: a total order whatever the loader's. */
    static final Comparator<SecurityModule> ORDER = Comparator.comparingInt(SecurityModule::priority).reversed()
            .thenComparing(SecurityModule::name).thenComparing(module -> module.getClass().getName());

    private SecurityModules() {}

    /**
     * Every module of this build, enabled on this host or not, in the order above. Each call instantiates them
     * anew.
     *
     * @return the modules, first the one with the highest priority
     */
    public static List<SecurityModule> all() {
        return ordered(ServiceLoader.load(SecurityModule.class));
    }

    /**
     * The module called {@code name}, enabled on this host or not: one that is not enabled refuses the
     * configurations that ask for it ({@link SecurityModule#isEnabled()} says which).
     *
     * @param name the module's {@link SecurityModule#name()}, {@code apparmor}
     * @return the module
     * @throws SecurityModuleException when no module of this build has that name, naming the ones it has
     */
    public static SecurityModule named(String name) throws SecurityModuleException {
        return named(name, all());
    }

    /** {@code found} in the order of {@link #all()}. */
    static List<SecurityModule> ordered(Iterable<? extends SecurityModule> found) {
        List<SecurityModule> modules = new ArrayList<>();
        found.forEach(modules::add);
        modules.sort(ORDER);
        return modules;
    }

    /** The first of {@code modules} called {@code name}. */
    static SecurityModule named(String name, List<SecurityModule> modules) throws SecurityModuleException {
        for (SecurityModule module : modules) {
            if (module.name().equals(name)) {
                return module;
            }
        }
        throw new SecurityModuleException("no security module \"" + name + "\" in this build: "
                + (modules.isEmpty() ? "it has none"
                        : "it has " + String.join(", ", modules.stream().map(SecurityModule::name).toList())));
    }
}
