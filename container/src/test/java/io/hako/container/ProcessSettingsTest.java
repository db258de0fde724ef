package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hako.oci.config.Capabilities;
import io.hako.oci.config.Device;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Root;
import io.hako.oci.config.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real container with most of what a config can ask of the root filesystem and the process, each checked
 * from inside: mounts and their options, devices, masked and read-only paths, a read-only root, sysctl, host and
 * domain name, user and groups, cwd, env, umask, rlimits, oomScoreAdj.
 */
class ProcessSettingsTest {
    @TempDir
    Path dir;
    Containers containers;

    @BeforeEach
    void open() {
        Bundles.assumeContainersCanRun();
        containers = Containers.open(dir.resolve("state"));
    }

    @AfterEach
    void deleteEverything() throws Exception {
        Bundles.deleteAll(containers);
    }

    @Test
    void whatTheConfigAsksIsWhatTheProcessFinds() throws Exception {
        String script = String.join("\n",
                "exec > /out/facts 2>&1",
                "echo hostname=$(hostname)",
                "echo domainname=$(cat /proc/sys/kernel/domainname)",
                "echo ids=$(id -u):$(id -g):$(id -G)",
                "echo cwd=$(pwd)",
                "echo env=$GREETING",
                "echo umask=$(umask)",
                "echo nofile=$(ulimit -n)",
                "echo oom=$(cat /proc/self/oom_score_adj)",
                "echo sysctl=$(cat /proc/sys/net/ipv4/ip_forward)",
                "echo tmpfs=$(stat -c %a /scratch):$(df -k /scratch | grep -c ' 1024 ')",
                "echo device=$(stat -c %t:%T:%a:%u /dev/hako-null)",
                "echo masked-file=$(wc -c < /secret-file)",
                "echo masked=$(ls /secrets | wc -l)",
                "touch /frozen/x 2>/dev/null && echo frozen=writable || echo frozen=read-only",
                "touch /ro-bind/x 2>/dev/null && echo ro-bind=writable || echo ro-bind=read-only",
                "touch /rootfile 2>/dev/null && echo root=writable || echo root=read-only",
                "echo caps=$(grep CapEff /proc/self/status | cut -f2)");
        Path bundle = Bundles.busybox(dir, script, spec -> {
            List<Rlimit> rlimits = List.of(new Rlimit("RLIMIT_NOFILE", 1024, 512, null));
            // A user other than root keeps across exec only its ambient capabilities, which must be inheritable.
            List<String> all = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
            List<String> kept = List.of("CAP_KILL", "CAP_NET_BIND_SERVICE");
            var capabilities = new Capabilities(all, all, kept, all, kept, null);
            List<String> masked = new ArrayList<>(spec.linux().maskedPaths());
            masked.add("/secrets");
            masked.add("/secret-file");
            List<String> readonly = new ArrayList<>(spec.linux().readonlyPaths());
            readonly.add("/frozen");
            return spec.withRoot(new Root("rootfs", true, null)).withHostname("settings").withDomainname("example.org")
                    .editProcess(process -> process
                            .withUser(new User(1000L, 1000L, 027L, List.of(10L, 20L), null, null))
                            .withEnv(List.of("PATH=/bin", "GREETING=hello")).withCwd("/work")
                            .withCapabilities(capabilities).withRlimits(rlimits).withOomScoreAdj(300))
                    .editLinux(linux -> linux.withSysctl(Map.of("net.ipv4.ip_forward", "1"))
                            .withMaskedPaths(masked).withReadonlyPaths(readonly)
                            .withDevices(List.of(new Device("c", "/dev/hako-null", 1L, 3L, 0640, 1000L, 1000L, null))))
                    .plusMount(new Mount("/scratch", "tmpfs", "tmpfs", List.of("size=1m", "mode=1770"), null, null,
                            null))
                    .plusMount(new Mount("/ro-bind", "bind", dir.resolve("shared").toString(), List.of("rbind", "ro"),
                            null, null, null));
        });
        Path rootfs = bundle.resolve("rootfs");
        // Mount points and paths made in advance: the root is read-only in the container.
        for (String made : List.of("work", "scratch", "ro-bind", "frozen", "secrets")) {
            Files.createDirectories(rootfs.resolve(made));
        }
        // A tmpfs over a directory of the image keeps that directory's mode, whatever its mode= says (runc's rule).
        Files.setPosixFilePermissions(rootfs.resolve("scratch"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(rootfs.resolve("secrets/key"), "do not show");
        Files.writeString(rootfs.resolve("secret-file"), "do not show either");
        Files.setPosixFilePermissions(rootfs.resolve("frozen"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxrwxrwx"));
        Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir.resolve("shared"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rwxrwxrwx"));

        containers.create("settings", bundle, CreateOptions.DEFAULTS);
        containers.start("settings");
        assertEquals(0, containers.waitForExit("settings"), () -> read(dir.resolve("out/facts")));

        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("out/facts"))) {
            int equals = line.indexOf('=');
            facts.put(equals < 0 ? line : line.substring(0, equals), equals < 0 ? "" : line.substring(equals + 1));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("hostname", "settings");
        expected.put("domainname", "example.org");
        expected.put("ids", "1000:1000:1000 10 20");
        expected.put("cwd", "/work");
        expected.put("env", "hello");
        expected.put("umask", "0027");
        expected.put("nofile", "512");
        expected.put("oom", "300");
        expected.put("sysctl", "1");
        expected.put("tmpfs", "750:1");
        expected.put("device", "1:3:640:1000");
        expected.put("masked-file", "0");
        expected.put("masked", "0");
        expected.put("frozen", "read-only");
        expected.put("ro-bind", "read-only");
        expected.put("root", "read-only");
        // The ambient set, all that uid 1000 has after exec: KILL (5) and NET_BIND_SERVICE (10).
        expected.put("caps", "0000000000000420");
        assertEquals(expected, facts);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no output: " + e + ")";
        }
    }
}
