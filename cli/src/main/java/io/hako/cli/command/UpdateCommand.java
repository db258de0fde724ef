package io.hako.cli.command;

import io.hako.cli.request.ResourceFlags;
import io.hako.cli.request.ResourcesSource;
import io.hako.cli.request.UpdateRequest;
import io.hako.container.ContainerException;
import io.hako.container.Containers;
import io.hako.oci.DocumentException;
import io.hako.oci.OciJson;
import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.Memory;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * {@code update}: new limits for a running container, from a {@code LinuxResources} document ({@code -r FILE},
 * {@code -r -} on standard input, as containerd and CRI-O send it) or from runc's individual flags.
 */
final class UpdateCommand {
    private UpdateCommand() {}

    static void run(Containers containers, UpdateRequest request, InputStream stdin) throws CommandError {
        Resources resources;
        if (request.resources().isPresent()) {
            resources = read(request.resources().get(), stdin);
        } else {
            resources = fromFlags(request.flags());
        }
        try {
            containers.update(request.id(), resources);
        } catch (ContainerException e) {
            throw CommandError.of(e);
        }
    }

    private static Resources read(ResourcesSource source, InputStream stdin) throws CommandError {
        byte[] json;
        String what;
        try {
            if (source instanceof ResourcesSource.File file) {
                what = file.path().toString();
                json = Files.readAllBytes(file.path());
            } else {
                what = "standard input";
                json = stdin.readAllBytes();
            }
        } catch (IOException e) {
            throw CommandError.io("read resources", e);
        }
        try {
            return OciJson.read(json, Resources.class);
        } catch (DocumentException e) {
            throw CommandError.failed("decode resources from " + what + ": " + e.getMessage());
        }
    }

    /** The flags as a {@code LinuxResources}: only what was given is set. A pure function. */
    static Resources fromFlags(ResourceFlags flags) throws CommandError {
        if (flags.l3CacheSchema().isPresent() || flags.memBwSchema().isPresent()) {
            throw CommandError.failed("Intel RDT (--l3-cache-schema, --mem-bw-schema) is not supported by this build");
        }
        Memory memory = null;
        if (flags.memory().isPresent() || flags.memoryReservation().isPresent() || flags.memorySwap().isPresent()) {
            memory = new Memory(boxed(flags.memory()), boxed(flags.memoryReservation()), boxed(flags.memorySwap()),
                    null, null, null, null, null, null, null);
        }
        Cpu cpu = null;
        if (flags.cpuShares().isPresent() || flags.cpuQuota().isPresent() || flags.cpuBurst().isPresent()
                || flags.cpuPeriod().isPresent() || flags.cpuRtRuntime().isPresent() || flags.cpuRtPeriod().isPresent()
                || flags.cpusetCpus().isPresent() || flags.cpusetMems().isPresent() || flags.cpuIdle().isPresent()) {
            cpu = new Cpu(boxed(flags.cpuShares()), boxed(flags.cpuQuota()), boxed(flags.cpuBurst()),
                    boxed(flags.cpuPeriod()), boxed(flags.cpuRtRuntime()), boxed(flags.cpuRtPeriod()),
                    flags.cpusetCpus().orElse(null), flags.cpusetMems().orElse(null), boxed(flags.cpuIdle()), null);
        }
        Pids pids = flags.pidsLimit().isPresent() ? new Pids(flags.pidsLimit().getAsLong(), null) : null;
        BlockIo io = flags.blkioWeight().isPresent() && flags.blkioWeight().getAsInt() != 0
                ? new BlockIo(flags.blkioWeight().getAsInt(), null, null, null, null, null, null, null) : null;
        return new Resources(null, memory, cpu, pids, io, null, null, null, null, null);
    }

    private static Long boxed(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
