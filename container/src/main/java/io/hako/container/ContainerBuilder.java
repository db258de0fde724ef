package io.hako.container;

import io.hako.container.internal.StandardStreams;
import io.hako.container.internal.store.StateStore;
import io.hako.oci.config.Spec;
import io.hako.sys.Fd;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a container from a {@link Spec} in memory or a bundle on disk, with its process's standard streams chosen
 * as a {@link ProcessBuilder}'s are, and returns a {@link Container} to start, wait for and close:
 *
 * <pre>{@code
 * try (Container container = containers.builder(spec).stdout(Stdio.pipe()).start()) {
 *     String printed = new String(container.stdout().readAllBytes());
 *     int status = container.waitFor();
 * }
 * }</pre>
 *
 * <p>Made by {@link Containers#builder(Spec)} and its siblings. A builder is a mutable set of choices, for one
 * thread; each {@link #create()} makes a new container from them.
 */
public final class ContainerBuilder {
    private static final SecureRandom IDS = new SecureRandom();

    private final Containers containers;
    private final Spec spec;
    private final Path relativeTo;
    private final Path bundle;
    private String id;
    private CreateOptions options = CreateOptions.DEFAULTS;
    private Stdio stdin = Stdio.inherit();
    private Stdio stdout = Stdio.inherit();
    private Stdio stderr = Stdio.inherit();

    /** One of {@code spec} (with {@code relativeTo} or null) and {@code bundle}. */
    ContainerBuilder(Containers containers, Spec spec, Path relativeTo, Path bundle) {
        this.containers = containers;
        this.spec = spec;
        this.relativeTo = relativeTo;
        this.bundle = bundle;
    }

    /** The container's id (runc's rule: letters, digits, {@code _ + - .}); by default a new random one. */
    public ContainerBuilder id(String id) {
        this.id = id;
        return this;
    }

    /** How to create it, besides its configuration and streams; {@link CreateOptions#DEFAULTS} by default. */
    public ContainerBuilder options(CreateOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** The process's standard input; {@link Stdio#inherit()} by default. */
    public ContainerBuilder stdin(Stdio stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        return this;
    }

    /** The process's standard output; {@link Stdio#inherit()} by default. */
    public ContainerBuilder stdout(Stdio stdout) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        return this;
    }

    /** The process's standard error; {@link Stdio#inherit()} by default. */
    public ContainerBuilder stderr(Stdio stderr) {
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        return this;
    }

    /**
     * Creates the container: its init is set up and waits for {@link Container#start()}. A spec given in memory is
     * written as the {@code config.json} of a bundle of hako's own, in the container's state directory, which the
     * state's {@code bundle} names and delete removes. The streams' files and pipes are opened first (as a shell's
     * redirections are). On any failure nothing of the container is left: no process, state, bundle or cgroup.
     *
     * @throws ContainerException naming the container and what was wrong: the field of the configuration (as a
     *     JSON pointer, {@code /root/path}), the stream, or the step that failed
     */
    public Container create() throws ContainerException {
        String containerId = id != null ? id : newId();
        StateStore.checkId(containerId);
        StandardStreams streams = StandardStreams.open(containerId, stdin, stdout, stderr);
        try {
            Map<Integer, Fd> fds = streams.forProcess();
            ContainerInfo info = spec != null
                    ? containers.lifecycle().create(containerId, spec, relativeTo, options, fds)
                    : containers.lifecycle().create(containerId, bundle, options, fds);
            streams.processStarted();
            return new Container(containers, info, streams);
        } catch (ContainerException | RuntimeException e) {
            streams.close();
            throw e;
        }
    }

    /**
     * {@link #create()}, then {@link Container#start()}: a running container. When the start fails, the container
     * is deleted.
     */
    public Container start() throws ContainerException {
        Container container = create();
        try {
            container.start();
            return container;
        } catch (ContainerException | RuntimeException e) {
            try {
                container.close();
            } catch (ContainerException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** 32 random hexadecimal digits, as engines make ids (Docker's are 64). */
    private static String newId() {
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
