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

    /**
     * Sets the container's id; by default each {@link #create()} takes a new random one (32 hexadecimal digits).
     *
     * @param id letters, digits and {@code _ + - .} (runc's rule, checked by {@link #create()}), or null for a
     *     random one
     * @return this builder
     */
    public ContainerBuilder id(String id) {
        this.id = id;
        return this;
    }

    /**
     * Sets how to create it, besides its configuration and streams; {@link CreateOptions#DEFAULTS} by default.
     *
     * @param options the options, not null
     * @return this builder
     */
    public ContainerBuilder options(CreateOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Sets where the process's standard input comes from; {@link Stdio#inherit()} by default.
     *
     * @param stdin the choice, not null
     * @return this builder
     */
    public ContainerBuilder stdin(Stdio stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        return this;
    }

    /**
     * Sets where the process's standard output goes; {@link Stdio#inherit()} by default.
     *
     * @param stdout the choice, not null
     * @return this builder
     */
    public ContainerBuilder stdout(Stdio stdout) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        return this;
    }

    /**
     * Sets where the process's standard error goes; {@link Stdio#inherit()} by default.
     *
     * @param stderr the choice, not null
     * @return this builder
     */
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
     * @return the created container, its init waiting for {@link Container#start()}
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
     *
     * @return the started container
     * @throws ContainerException as {@link #create()}, or when the start failed (the container deleted then)
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
