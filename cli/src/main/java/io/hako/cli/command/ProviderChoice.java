package io.hako.cli.command;

import io.hako.container.CreateOptions;
import io.hako.container.ExecOptions;
import java.util.Map;

/**
 * The providers a caller forces by name through the environment, for engines that cannot pass hako a flag of its
 * own: {@code HAKO_CGROUP_DRIVER} (a cgroup driver's name, {@code cgroupfs-v1}) and {@code HAKO_SECCOMP_COMPILER}
 * ({@code libseccomp}). Unset or empty: the providers are chosen by priority.
 */
final class ProviderChoice {
    static final String CGROUP_DRIVER = "HAKO_CGROUP_DRIVER";
    static final String SECCOMP_COMPILER = "HAKO_SECCOMP_COMPILER";

    private ProviderChoice() {}

    static CreateOptions apply(CreateOptions options, Map<String, String> environment) {
        return options.withCgroupDriver(environment.get(CGROUP_DRIVER))
                .withSeccompCompiler(environment.get(SECCOMP_COMPILER));
    }

    static ExecOptions apply(ExecOptions options, Map<String, String> environment) {
        return options.withSeccompCompiler(environment.get(SECCOMP_COMPILER));
    }
}
