package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.DefaultSpec;
import io.hako.oci.OciJson;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Process;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hako without the host's root, as rootless engines run it: a JVM of the launcher's modules started as an
 * unprivileged user, as root in a user namespace of its own ({@code unshare --user --map-root-user}, what podman's
 * rootless namespace is to hako), and, with a user the test makes (with {@code /etc/subuid} and {@code /etc/subgid}
 * ranges), as that user directly with a container user namespace of several ranges (newuidmap, newgidmap). The
 * container's configuration has no cgroup mount: mounting cgroupfs in a user namespace is another item.
 */
class RootlessContainerTest {
    /** The unprivileged uid of the user-namespace tests: no account needed. */
    private static final int UID = 43217;
    /** The account of the newuidmap test, made here and removed after. */
    private static final String USER = "hako-rl-test";
    private static final int SUB_START = 810000;

    @TempDir
    static Path dir;
    private static Path launcher;
    private static Path bundle;
    private static boolean userMade;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to become an unprivileged user");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        for (String tool : List.of("/usr/bin/setpriv", "/usr/bin/unshare")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool + " (util-linux)");
        }
        String modulePath = System.getProperty("jdk.module.path");
        assumeTrue(modulePath != null, "the tests do not run on the module path");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher = launcher(modulePath);
        bundle = bundle(DefaultSpec.create(), "bundle");
        Result probe = asUser(List.of("true"), "/usr/bin/unshare", "--user", "--map-root-user", "true");
        assumeTrue(probe.status() == 0, "this host lets no unprivileged user make a user namespace: " + probe);
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (userMade) {
            run(List.of("userdel", USER));
        }
    }

    /**
     * The modules the tests run on, copied where the unprivileged user can read them (the build's may sit under
     * root's home), and a script that starts the command line on them as the launcher does.
     */
    private static Path launcher(String modulePath) throws IOException {
        Path modules = Files.createDirectories(dir.resolve("modules"));
        List<String> copied = new ArrayList<>();
        for (String entry : modulePath.split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            Path target = modules.resolve(copied.size() + "-" + source.getFileName());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(source.relativize(file).toString()));
                }
            }
            copied.add(target.toString());
        }
        try (Stream<Path> files = Files.walk(modules)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) || Files.isExecutable(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Path script = dir.resolve("hako");
        Files.writeString(script, "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " --enable-native-access=io.hako.sys -XX:-UsePerfData -p " + String.join(":", copied)
                + " -m io.hako.cli/io.hako.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A busybox bundle readable by anyone, from {@code base} without the cgroup mount, running {@code sh -c}. */
    private static Path bundle(Spec base, String name) throws IOException {
        Path bundle = Files.createDirectories(dir.resolve(name));
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        // The mount points: the container's root, not the host's, could not make them in a root-owned image.
        for (String point : List.of("proc", "sys", "dev", "tmp")) {
            Files.createDirectories(bundle.resolve("rootfs").resolve(point));
        }
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "id", "cat", "sleep", "ls")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        List<Mount> mounts = new ArrayList<>();
        for (Mount mount : base.mounts()) {
            if (mount.destination().equals("/sys/fs/cgroup")) {
                continue;
            }
            // gid 5 is not mapped in a namespace of one id.
            List<String> options = mount.options() == null ? null
                    : mount.options().stream().filter(o -> !o.equals("gid=5")).toList();
            mounts.add(new Mount(mount.destination(), mount.type(), mount.source(), options, mount.uidMappings(),
                    mount.gidMappings(), mount.unknown()));
        }
        Process p = base.process();
        Process process = new Process(false, null, p.user(), List.of("sh", "-c", "id; cat /proc/self/uid_map"),
                null, p.env(), p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), null, null, null, null,
                null, null, null);
        Spec spec = new Spec(base.ociVersion(), base.root(), process, base.hostname(), null, mounts, null, null,
                base.linux(), null);
        Files.write(bundle.resolve("config.json"), OciJson.write(spec));
        try (Stream<Path> files = Files.walk(bundle)) {
            for (Path file : files.filter(f -> !Files.isSymbolicLink(f)).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                        Files.isDirectory(file) || Files.isExecutable(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return bundle;
    }

    record Result(int status, String out) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }

    /** {@code command} as {@link #UID} with only {@code env} (NAME=value) in its environment. */
    private static Result asUser(List<String> env, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + UID, "--regid=" + UID,
                "--clear-groups", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin"));
        line.addAll(env);
        line.addAll(List.of(command));
        return run(line);
    }

    /** hako as root in a new user namespace of {@link #UID}, with {@code $XDG_RUNTIME_DIR} at {@code runtimeDir}. */
    private static Result inUserNamespace(Path runtimeDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--user", "--map-root-user",
                launcher.toString()));
        command.addAll(List.of(args));
        return asUser(List.of("XDG_RUNTIME_DIR=" + runtimeDir, "HOME=" + runtimeDir), command.toArray(String[]::new));
    }

    private static Path runtimeDir(String name) throws Exception {
        Path runtimeDir = Files.createDirectories(dir.resolve(name));
        run(List.of("chown", UID + ":" + UID, runtimeDir.toString()));
        return runtimeDir;
    }

    /** The lines that are not warnings (which a rootless caller gets for ambient capabilities). */
    private static List<String> errors(Result result) {
        return result.out().lines().filter(l -> !l.contains("level=warning")).toList();
    }

    @Test
    void rootInAUserNamespaceRunsAContainerWithItsStateUnderTheRuntimeDir() throws Exception {
        Path runtimeDir = runtimeDir("xdg-run");
        Result run = inUserNamespace(runtimeDir, "run", "--bundle", bundle.toString(), "rl-run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("uid=0(root) gid=0(root)") || run.out().contains("uid=0 gid=0"), run.out());
        assertTrue(run.out().matches("(?s).*\\s0\\s+" + UID + "\\s+1\\s.*"), "the container is in the namespace: "
                + run.out());
        Path root = runtimeDir.resolve("hako");
        assertEquals(01700 | 040000, (int) Files.getAttribute(root, "unix:mode"), "runc's mode for its root there");
        assertEquals(UID, (int) Files.getAttribute(root, "unix:uid"));
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList());
        }
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/pids/rl-run")), "no cgroup could be made, none is left");
    }

    @Test
    void theHostsRootInAUserNamespaceGetsItsCgroupWithoutDeviceRules() throws Exception {
        // Root mapped to itself: the cgroupfs is its own, but the devices controller takes no rule from a user
        // namespace; runc writes none there, and neither does hako.
        Result run = run(List.of("/usr/bin/unshare", "--user", "--map-root-user", launcher.toString(), "--root",
                dir.resolve("state-root-in-userns").toString(), "--rootless=false", "run", "--bundle",
                bundle.toString(), "rl-own-root"));
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("uid=0"), run.out());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/devices/rl-own-root")), "the cgroup is removed with it");
    }

    @Test
    void aLimitWithoutItsCgroupIsRuncsErrorAndLeavesNothing() throws Exception {
        Path limited = bundle(DefaultSpec.create(), "limited");
        Path config = limited.resolve("config.json");
        String json = Files.readString(config);
        assertTrue(json.contains("\"resources\":{"), json);
        Files.writeString(config, json.replace("\"resources\":{", "\"resources\":{\"memory\":{\"limit\":"
                + (64 << 20) + "},"));
        Path runtimeDir = runtimeDir("xdg-limit");
        Result run = inUserNamespace(runtimeDir, "run", "--bundle", limited.toString(), "rl-limit");
        assertEquals(1, run.status(), run::toString);
        assertEquals(List.of("cgroup /rl-limit: cannot set memory limit: container could not join or create cgroup"),
                errors(run));
        assertFalse(Files.exists(runtimeDir.resolve("hako/rl-limit")));
    }

    @Test
    void rootlessFalseKeepsTheCgroupPermissionError() throws Exception {
        Result run = inUserNamespace(runtimeDir("xdg-strict"), "--rootless=false", "run", "--bundle",
                bundle.toString(), "rl-strict");
        assertEquals(1, run.status(), run::toString);
        List<String> errors = errors(run);
        assertEquals(1, errors.size(), run::toString);
        assertTrue(errors.get(0).matches("cgroup /rl-strict: create /sys/fs/cgroup/\\S+/rl-strict: permission denied"),
                errors.get(0));
    }

    @Test
    void aStateRootThatCannotBeMadeSaysWhereAndWhy() throws Exception {
        // USER=root in a user namespace keeps runc's /run/runc, and so /run/hako, which the namespace's root may
        // not write.
        List<String> command = List.of("/usr/bin/unshare", "--user", "--map-root-user", launcher.toString(), "run",
                "--bundle", bundle.toString(), "rl-root");
        Result run = asUser(List.of("XDG_RUNTIME_DIR=" + runtimeDir("xdg-user-root"), "USER=root"),
                command.toArray(String[]::new));
        assertEquals(1, run.status(), run::toString);
        List<String> errors = errors(run);
        assertEquals(1, errors.size(), run::toString);
        assertTrue(errors.get(0).contains("/run/hako") && errors.get(0).endsWith(": permission denied"), errors.get(0));

        Path notWritable = Files.createDirectories(dir.resolve("xdg-root-owned"));
        Result xdg = inUserNamespace(notWritable, "list");
        assertEquals(1, xdg.status(), xdg::toString);
        assertEquals(List.of("the path in $XDG_RUNTIME_DIR must be writable by the user: mkdir " + notWritable
                + "/hako: permission denied"), errors(xdg));
    }

    @Test
    void theLifecycleInOneNamespaceGoesOnWithoutACgroupAsRuncs() throws Exception {
        Path runtimeDir = runtimeDir("xdg-lifecycle");
        Path sleeping = bundle(DefaultSpec.create(), "sleeping");
        Path config = sleeping.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"id; cat /proc/self/uid_map\"", "\"sleep 60\""));
        Path script = dir.resolve("lifecycle.sh");
        Path nothing = runtimeDir.resolve("nothing.json");
        Files.writeString(script, String.join("\n",
                "H=" + launcher,
                "$H create --bundle " + sleeping + " rl-life > /dev/null 2>&1; echo create=$?",
                "$H start rl-life; echo start=$?",
                "$H exec rl-life id 2>/dev/null; echo exec=$?",
                "$H pause rl-life 2>&1 | grep -v level=warning; echo",
                "$H update --pids-limit 10 rl-life 2>&1; echo",
                "echo '{}' > " + nothing + "; $H update --resources " + nothing + " rl-life 2>&1; echo update-nothing=$?",
                "$H kill --all rl-life KILL; echo kill=$?",
                "$H delete --force rl-life; echo delete=$?",
                "$H list -q; echo list=$?", ""));
        Result life = asUser(List.of("XDG_RUNTIME_DIR=" + runtimeDir, "HOME=" + runtimeDir), "/usr/bin/unshare",
                "--user", "--map-root-user", "/bin/sh", script.toString());
        assertEquals(List.of("create=0", "start=0", "uid=0 gid=0", "exec=0",
                "cannot toggle freezer: cgroups not configured for container", "",
                "update: cgroup /rl-life: cannot set pids limit: container could not join or create cgroup", "",
                "update-nothing=0", "kill=0", "delete=0", "list=0"), life.out().lines().toList(), life::toString);
    }

    /**
     * hako rootless killed (SIGKILL, {@code HAKO_FAULT_POINT}) part-way through create, start and delete: the state
     * says what is there, and {@code delete --force} removes it all, the container's processes included. With no
     * cgroup to find them by, they are found by the state's init.
     */
    @Test
    void aRootlessHakoKilledPartWayLeavesWhatDeleteRemoves() throws Exception {
        Path runtimeDir = runtimeDir("xdg-fault");
        Path sleeping = bundle(DefaultSpec.create(), "fault");
        Path config = sleeping.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"id; cat /proc/self/uid_map\"",
                "\"sleep 600; : rl-fault\""));
        String status = " rl-fault | grep -o '\"status\": \"[a-z]*\"'";
        List<String> lines = new ArrayList<>(List.of("H=" + launcher,
                "C='create --bundle " + sleeping + " rl-fault'"));
        for (String point : List.of("create:state-saved", "create:init-saved", "create:config-saved")) {
            lines.add("HAKO_FAULT_POINT=" + point + " $H $C > /dev/null 2>&1; echo " + point + "=$?");
            lines.add("$H state" + status);
            lines.add("$H delete --force rl-fault; echo delete=$?");
        }
        lines.add("$H $C > /dev/null 2>&1 && HAKO_FAULT_POINT=start:released $H start rl-fault; echo start=$?");
        lines.add("$H state" + status);
        lines.add("HAKO_FAULT_POINT=delete:killed $H delete --force rl-fault; echo killed-delete=$?");
        lines.add("$H state" + status);
        lines.add("$H delete --force rl-fault; echo delete=$?");
        lines.add("$H list -q; echo list=$?");
        Path script = dir.resolve("fault.sh");
        Files.writeString(script, String.join("\n", lines) + "\n");
        Result faults = asUser(List.of("XDG_RUNTIME_DIR=" + runtimeDir, "HOME=" + runtimeDir), "/usr/bin/unshare",
                "--user", "--map-root-user", "/bin/sh", script.toString());
        assertEquals(List.of(
                "create:state-saved=137", "\"status\": \"stopped\"", "delete=0",
                "create:init-saved=137", "\"status\": \"stopped\"", "delete=0",
                "create:config-saved=137", "\"status\": \"stopped\"", "delete=0",
                "start=137", "\"status\": \"running\"",
                "killed-delete=137", "\"status\": \"stopped\"", "delete=0",
                "list=0"), faults.out().lines().filter(l -> !l.contains("level=warning") && !l.equals("Killed"))
                .toList(), faults::toString);
        try (Stream<Path> left = Files.list(runtimeDir.resolve("hako"))) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith("@")).toList());
        }
        assertEquals(List.of(), ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> String.join(" ", a).contains("rl-fault")).orElse(false)).map(ProcessHandle::pid).toList(),
                "processes of the container left");
    }

    @Test
    void aUserMapsSeveralRangesThroughNewuidmap() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/newuidmap")), "needs newuidmap and newgidmap (uidmap)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "needs useradd to make a test user");
        if (run(List.of("id", "-u", USER)).status() == 0) {
            run(List.of("userdel", USER)); // left by a run that was stopped before its clean-up
        }
        Result made = run(List.of("/usr/sbin/useradd", "-M", "-d", "/nonexistent", "-s", "/bin/sh",
                "-K", "SUB_UID_COUNT=0", "-K", "SUB_GID_COUNT=0", USER));
        assertEquals(0, made.status(), made::toString);
        userMade = true;
        String range = SUB_START + "-" + (SUB_START + 65535);
        Result ranges = run(List.of("/usr/sbin/usermod", "-v", range, "-w", range, USER));
        assertEquals(0, ranges.status(), ranges::toString);
        int uid = Integer.parseInt(run(List.of("id", "-u", USER)).out().strip());
        int gid = Integer.parseInt(run(List.of("id", "-g", USER)).out().strip());

        Spec rootless = DefaultSpec.rootless(uid, gid);
        List<IdMapping> uids = List.of(new IdMapping(0, uid, 1), new IdMapping(1, SUB_START, 65536));
        List<IdMapping> gids = List.of(new IdMapping(0, gid, 1), new IdMapping(1, SUB_START, 65536));
        var l = rootless.linux();
        Spec several = rootless.withLinux(new io.hako.oci.config.Linux(l.namespaces(), uids, gids, l.timeOffsets(),
                l.devices(), l.netDevices(), l.cgroupsPath(), l.resources(), l.intelRdt(), l.sysctl(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), l.mountLabel(), l.personality(),
                l.memoryPolicy(), l.unknown()));
        Path bundle = bundle(several, "several");
        Path config = bundle.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"id; cat /proc/self/uid_map\"",
                "\"id; cat /proc/self/gid_map; ls -ln /bin/busybox\""));
        Path runtimeDir = Files.createDirectories(dir.resolve("xdg-user"));
        run(List.of("chown", uid + ":" + gid, runtimeDir.toString()));
        Result run = run(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups",
                "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "XDG_RUNTIME_DIR=" + runtimeDir, "HOME=" + runtimeDir,
                launcher.toString(), "run", "--bundle", bundle.toString(), "rl-several"));
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().matches("(?s).*\\s1\\s+" + SUB_START + "\\s+65536\\s.*"), "newgidmap's range: " + run);
        // The image's files, the host's root's, are nobody's in the container: root is mapped to the user.
        assertTrue(run.out().matches("(?s).*65534\\s+65534.*/bin/busybox.*"), run.out());
        assertTrue(run.out().contains("uid=0 gid=0 groups=0"), "root, and the user's group kept as runc keeps it: "
                + run.out());
    }
}
