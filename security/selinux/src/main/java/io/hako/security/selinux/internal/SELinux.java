package io.hako.security.selinux.internal;

import io.hako.oci.config.Spec;
import io.hako.security.SecurityModule;
import io.hako.security.SecurityModuleException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SELinux: {@code process.selinuxLabel} is written to the init's {@code /proc/self/attr/exec}, so that the
 * kernel gives it to the process it execs; {@code linux.mountLabel} becomes a {@code context="..."} option of
 * the filesystems the container mounts. Immutable: it reads the host on each call.
 */
public final class SELinux implements SecurityModule {
    private final Path root;

    /** The host's SELinux. */
    public SELinux() {
        this(Path.of("/"));
    }

    /** SELinux as seen under {@code root} (tests give a directory laid out like /sys). */
    public SELinux(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "selinux";
    }

    /** The built-ins' priority (see {@link SecurityModule#priority()}). */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isEnabled() {
        // selinuxfs is mounted, with its enforce file, only when SELinux is enabled (enforcing or permissive).
        return Files.exists(root.resolve("sys/fs/selinux/enforce"));
    }

    @Override
    public Optional<ExecLabel> execLabel(Spec spec) throws SecurityModuleException {
        String label = spec.process() == null ? null : spec.process().selinuxLabel();
        if (label == null || label.isEmpty()) {
            return Optional.empty();
        }
        check("/process/selinuxLabel", label);
        return Optional.of(new ExecLabel("/proc/self/attr/exec", label));
    }

    /** The process label labels its keys too, as runc does. */
    @Override
    public Optional<String> keyringLabel(Spec spec) throws SecurityModuleException {
        return execLabel(spec).map(ExecLabel::value);
    }

    @Override
    public Optional<String> mountOption(Spec spec) throws SecurityModuleException {
        String label = spec.linux() == null ? null : spec.linux().mountLabel();
        if (label == null || label.isEmpty()) {
            return Optional.empty();
        }
        check("/linux/mountLabel", label);
        return Optional.of("context=\"" + label + "\"");
    }

    /** A label is user:role:type:level (level optional), with no quote or separator that would break a mount option. */
    private void check(String pointer, String label) throws SecurityModuleException {
        if (!isEnabled()) {
            throw new SecurityModuleException(pointer, "SELinux label \"" + label + "\" specified but SELinux is "
                    + "not enabled on this system");
        }
        if (label.split(":").length < 3 || label.contains("\"") || label.contains("\n") || label.contains("\0")) {
            throw new SecurityModuleException(pointer, "not an SELinux label: " + label);
        }
    }
}
