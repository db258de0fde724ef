package io.hako.security.apparmor.internal;

import io.hako.oci.config.Spec;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * AppArmor: {@code process.apparmorProfile} becomes "exec PROFILE" written to the init's
 * {@code /proc/self/attr/apparmor/exec} (or, on kernels before 5.8, {@code /proc/self/attr/exec}), so that the
 * kernel confines the process it execs. AppArmor has no mount labels. Immutable: it reads the host on each call.
 */
public final class AppArmor implements SecurityModule {
    private final Path root;

    /** The host's AppArmor. */
    public AppArmor() {
        this(Path.of("/"));
    }

    /** AppArmor as seen under {@code root} (tests give a directory laid out like /sys and /proc). */
    public AppArmor(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "apparmor";
    }

    /** The built-ins' priority (see {@link SecurityModule#priority()}). */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isEnabled() {
        // The parameter says the module is on; securityfs's directory, that its interface is there.
        return read(root.resolve("sys/module/apparmor/parameters/enabled")).startsWith("Y")
                && Files.isDirectory(root.resolve("sys/kernel/security/apparmor"));
    }

    @Override
    public Optional<ExecLabel> execLabel(Spec spec) throws SecurityModuleException {
        String profile = spec.process() == null ? null : spec.process().apparmorProfile();
        if (profile == null || profile.isEmpty()) {
            return Optional.empty();
        }
        if (!isEnabled()) {
            throw new SecurityModuleException("/process/apparmorProfile", "apparmor profile \"" + profile
                    + "\" specified but AppArmor is not enabled on this system");
        }
        if (profile.contains("\n") || profile.contains("\0")) {
            throw new SecurityModuleException("/process/apparmorProfile", "not a profile name: "
                    + profile.replace("\n", "\\n"));
        }
        // The per-module file since Linux 5.8; the shared one is whichever module is first before that.
        String attribute = Files.exists(root.resolve("proc/self/attr/apparmor/exec"))
                ? "/proc/self/attr/apparmor/exec" : "/proc/self/attr/exec";
        return Optional.of(new ExecLabel(attribute, "exec " + profile));
    }

    @Override
    public Optional<String> mountOption(Spec spec) {
        return Optional.empty();
    }

    static String read(Path file) {
        // A stream: sysfs and procfs files report size 0.
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
