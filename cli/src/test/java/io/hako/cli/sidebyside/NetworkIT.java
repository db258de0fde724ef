package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network namespace as runc leaves it: one the container made has its loopback up; one joined is untouched. */
class NetworkIT {
    /** lo's flags (0x9: UP and LOOPBACK) and whether 127.0.0.1 answers a TCP connection inside. */
    private static final String LOOPBACK = "cat /sys/class/net/lo/flags; nc -l -p 7 -e echo answered & sleep 0.5;"
            + " nc 127.0.0.1 7 </dev/null || echo unreachable";

    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    @Test
    void aNetworkNamespaceTheContainerMadeHasItsLoopbackUp() throws IOException {
        Path bundle = BusyboxBundle.make(dir, LOOPBACK, spec -> spec);
        assertEquals("0x9\nanswered\n", both.run(bundle, "net-lo").bothSucceedAlike());
    }

    /** A namespace joined by path is the engine's: its loopback stays down if the engine left it so. */
    @Test
    void aJoinedNetworkNamespaceIsLeftAsItIs() throws Exception {
        String name = "hako-net-joined";
        Path namespace = Path.of("/run/netns", name);
        assertEquals(0, new ProcessBuilder("ip", "netns", "add", name).inheritIO().start().waitFor(), "ip netns add");
        try {
            Path bundle = BusyboxBundle.make(dir, "cat /sys/class/net/lo/flags", spec -> spec.editLinux(linux ->
                    linux.withNamespaces(Stream.concat(linux.namespaces().stream()
                            .filter(ns -> ns.type() != NamespaceType.NETWORK), Stream.of(new Namespace(
                                    NamespaceType.NETWORK, namespace.toString(), null))).toList())));
            assertEquals("0x8\n", both.run(bundle, "net-joined").bothSucceedAlike());
        } finally {
            new ProcessBuilder("ip", "netns", "delete", name).inheritIO().start().waitFor();
        }
    }
}
