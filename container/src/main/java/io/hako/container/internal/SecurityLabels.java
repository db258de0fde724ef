package io.hako.container.internal;

import io.hako.oci.config.Spec;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import io.hako.security.SecurityModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this build's security modules make of a configuration, every module asked in the order of
 * {@link SecurityModules#all()}: the labels the init writes before it execs, in that order, and the mount option
 * and keyring label of the first module that gives one.
 *
 * <p>The drivers are separate jars a program may leave out. A configuration that asks for a module this build does
 * not have is refused, as one asking for a module the host has not enabled is: a process is never run unconfined
 * because a jar is missing.
 *
 * @param exec the labels for the process the init execs
 * @param mountOption the option for the filesystems the container mounts, or null
 * @param keyringLabel the label of the keys the init creates, or null
 */
record SecurityLabels(List<SecurityModule.ExecLabel> exec, String mountOption, String keyringLabel) {
    SecurityLabels {
        exec = List.copyOf(exec);
    }

    /** The labels for {@code spec} from every module of this build. */
    static SecurityLabels of(Spec spec) throws SecurityModuleException {
        return of(spec, SecurityModules.all());
    }

    /** The labels for {@code spec} from {@code modules}, which are in the order of {@link SecurityModules#all()}. */
    static SecurityLabels of(Spec spec, List<SecurityModule> modules) throws SecurityModuleException {
        requireAskedFor(spec, modules);
        List<SecurityModule.ExecLabel> exec = new ArrayList<>();
        String mountOption = null;
        String keyringLabel = null;
        for (SecurityModule module : modules) {
            // Every module is asked even when an earlier one answered: each refuses what it cannot honour.
            module.execLabel(spec).ifPresent(exec::add);
            Optional<String> mount = module.mountOption(spec);
            Optional<String> keyring = module.keyringLabel(spec);
            mountOption = mountOption != null ? mountOption : mount.orElse(null);
            keyringLabel = keyringLabel != null ? keyringLabel : keyring.orElse(null);
        }
        return new SecurityLabels(exec, mountOption, keyringLabel);
    }

    /** Refuses a field that asks for a module none of {@code modules} is: the spec's fields name their modules. */
    private static void requireAskedFor(Spec spec, List<SecurityModule> modules) throws SecurityModuleException {
        var process = spec.process();
        var linux = spec.linux();
        require(modules, "apparmor", "/process/apparmorProfile", process == null ? null : process.apparmorProfile());
        require(modules, "selinux", "/process/selinuxLabel", process == null ? null : process.selinuxLabel());
        require(modules, "selinux", "/linux/mountLabel", linux == null ? null : linux.mountLabel());
    }

    private static void require(List<SecurityModule> modules, String name, String pointer, String value)
            throws SecurityModuleException {
        if (value != null && !value.isEmpty() && modules.stream().noneMatch(module -> module.name().equals(name))) {
            throw new SecurityModuleException(pointer, "\"" + value + "\" specified but this hako has no " + name
                    + " module (io.hako.security." + name + " is not on its module path)");
        }
    }
}
