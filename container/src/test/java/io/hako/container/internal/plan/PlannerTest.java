package io.hako.container.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupHierarchy;
import io.hako.oci.DefaultSpec;
import io.hako.oci.config.Capabilities;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.seccomp.SeccompProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The planner is a pure function: a spec in, the stage's operations out. */
class PlannerTest {
    private static final Path BUNDLE = Path.of("/bundles/b");

    private static Planner.Result plan(Spec spec) throws PlanException {
        return plan(spec, null);
    }

    private static Planner.Result plan(Spec spec, SeccompProgram seccomp) throws PlanException {
        return Planner.plan(new Planner.Request(spec, BUNDLE, BUNDLE.resolve("rootfs"), false, 3, 40,
                path -> !path.toString().endsWith(".conf"), List.of(), seccomp, false, List.of(), null, null, null,
                List.of(), false, false));
    }

    private static Spec defaults(UnaryOperator<Spec> edit) {
        Spec spec = DefaultSpec.create();
        return edit.apply(spec.editProcess(p -> p.withTerminal(false)));
    }

    private static List<OpCode> codes(Plan plan) {
        return plan.ops().stream().map(Op::code).toList();
    }

    @Test
    void theIntermediatesPartEndsAtTheForkAndTheInitsEndsInExec() throws Exception {
        List<OpCode> codes = codes(plan(defaults(s -> s)).plan());
        int fork = codes.indexOf(OpCode.FORK_INIT);
        assertEquals(List.of(OpCode.UNSHARE, OpCode.LOOPBACK_UP), codes.subList(0, fork),
                "no user namespace: one unshare, and the new network namespace's loopback up");
        assertEquals(OpCode.UNSHARE, codes.get(fork + 1), "the cgroup namespace, made by the init");
        assertTrue(codes.indexOf(OpCode.ROOTFS) < codes.indexOf(OpCode.MOUNT));
        assertTrue(codes.lastIndexOf(OpCode.MOUNT) < codes.indexOf(OpCode.PIVOT_ROOT));
        assertTrue(codes.indexOf(OpCode.PIVOT_ROOT) < codes.indexOf(OpCode.MASK_PATH));
        assertEquals(codes.indexOf(OpCode.PIVOT_ROOT) + 1, codes.indexOf(OpCode.STDIO_NULL),
                "streams on the null device become the container's, once in its root");
        assertTrue(codes.indexOf(OpCode.USER) < codes.indexOf(OpCode.CAPABILITIES));
        assertEquals(List.of(OpCode.FIND_EXECUTABLE, OpCode.READY, OpCode.WAIT_START, OpCode.EXEC),
                codes.subList(codes.size() - 4, codes.size()));
    }

    @Test
    void aNewUserNamespaceWaitsForItsMapsAndBindsDevicesInsteadOfMakingThem() throws Exception {
        Spec rootless = DefaultSpec.rootless(1000, 1000);
        List<OpCode> codes = codes(plan(rootless.withProcess(rootless.process().withTerminal(false))).plan());
        // The rootless spec binds /sys: its source is opened with the host's rights before the user namespace.
        assertEquals(List.of(OpCode.PREPARE_SOURCES, OpCode.UNSHARE, OpCode.AWAIT_ID_MAPS, OpCode.SET_IDS,
                OpCode.UNSHARE), codes.subList(0, 5));
        assertFalse(codes.contains(OpCode.MKNOD), "mknod is refused in a user namespace");
    }

    @Test
    void aRuntimeInAUserNamespaceBindsDevicesForAContainerWithoutOne() throws Exception {
        Spec spec = defaults(s -> s);
        assertTrue(codes(plan(spec).plan()).contains(OpCode.MKNOD), "the host's root makes device nodes");
        // As root in rootless podman's user namespace: mknod is refused there too, as runc knows.
        Planner.Result inUserNamespace = Planner.plan(new Planner.Request(spec, BUNDLE, BUNDLE.resolve("rootfs"),
                false, 3, 40, path -> true, List.of(), null, false, List.of(), null, null, null, List.of(), true, false));
        assertFalse(codes(inUserNamespace.plan()).contains(OpCode.MKNOD));
        assertTrue(inUserNamespace.plan().ops().stream().anyMatch(op -> op.code() == OpCode.MOUNT
                && op.fields().get(0).equals("/dev/null") && op.fields().get(1).equals("/dev/null")));
    }

    @Test
    void aRuntimeWithoutRootLeavesTheGroupsAndRefusesAdditionalOnes() throws Exception {
        Spec rootless = DefaultSpec.rootless(1000, 1000);
        Spec spec = rootless.withProcess(rootless.process().withTerminal(false));
        assertTrue(codes(plan(spec).plan()).contains(OpCode.GROUPS));
        Planner.Result withoutRoot = Planner.plan(new Planner.Request(spec, BUNDLE, BUNDLE.resolve("rootfs"), false, 3,
                40, path -> true, List.of(), null, false, List.of(), null, null, null, List.of(), false, true));
        assertFalse(codes(withoutRoot.plan()).contains(OpCode.GROUPS), "runc does not setgroups without root");
        var user = spec.process().user();
        var p = spec.process();
        Spec additional = spec.withProcess(new io.hako.oci.config.Process(p.terminal(), p.consoleSize(),
                new io.hako.oci.config.User(user.uid(), user.gid(), user.umask(), List.of(5L), user.username(),
                        user.unknown()), p.args(), p.commandLine(), p.env(), p.cwd(), p.capabilities(), p.rlimits(),
                p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(), p.selinuxLabel(), p.ioPriority(),
                p.scheduler(), p.execCPUAffinity(), p.unknown()));
        PlanException refused = org.junit.jupiter.api.Assertions.assertThrows(PlanException.class,
                () -> Planner.plan(new Planner.Request(additional, BUNDLE, BUNDLE.resolve("rootfs"), false, 3, 40,
                        path -> true, List.of(), null, false, List.of(), null, null, null, List.of(), false, true)));
        assertTrue(refused.getMessage().contains("cannot set any additional groups in a rootless container"),
                refused.getMessage());
    }

    @Test
    void bindSourcesAreResolvedAgainstTheBundleAndMountPointsMatchThem() throws Exception {
        Spec spec = defaults(s -> withMounts(s, new Mount("/etc/app.conf", "bind", "app.conf", List.of("rbind", "ro"),
                null, null, null)));
        Op mount = plan(spec).plan().ops().stream()
                .filter(op -> op.code() == OpCode.MOUNT && op.fields().get(1).equals("/etc/app.conf")).findFirst()
                .orElseThrow();
        assertEquals("/bundles/b/app.conf", mount.fields().get(0));
        assertEquals(MountOptions.MS_BIND | MountOptions.MS_REC | MountOptions.MS_RDONLY, mount.fields().get(3));
        assertEquals(2, mount.fields().get(5), "a file source gets a file mount point");
    }

    @Test
    void ambientCapabilitiesNeedInheritableOnesAndTheDropIsSaid() throws Exception {
        var result = plan(defaults(s -> s));
        Op caps = result.plan().ops().stream().filter(op -> op.code() == OpCode.CAPABILITIES).findFirst().orElseThrow();
        assertEquals(0L, caps.fields().get(4));
        assertTrue(result.debug().stream().anyMatch(w -> w.contains("CAP_KILL")), result.debug().toString());
        assertEquals(List.of(), result.warnings(), "runc's own default spec: nothing to warn about");

        var kept = plan(defaults(s -> s.withProcess(s.process().withCapabilities(new Capabilities(
                List.of("CAP_KILL"), List.of("CAP_KILL"), List.of("CAP_KILL"), List.of("CAP_KILL"), List.of("CAP_KILL"),
                null)))));
        Op keptCaps = kept.plan().ops().stream().filter(op -> op.code() == OpCode.CAPABILITIES).findFirst()
                .orElseThrow();
        assertEquals(1L << 5, keptCaps.fields().get(4));
    }

    @Test
    void whatThisBuildCannotDoIsRefusedByItsPointerNeverIgnored() {
        // Compiling the filter is the caller's (with libseccomp); planning without it is a mistake, said so.
        assertRefused(defaults(s -> s.withLinux(s.linux().withSeccomp(new Seccomp("SCMP_ACT_ALLOW", null, null,
                null, null, null, null, null)))), "/linux/seccomp");
    }

    @Test
    void recursiveAttributesFollowABindAndWaitForATmpfsToBeFilled() throws Exception {
        List<Op> ops = plan(defaults(s -> withMounts(s,
                new Mount("/data", "bind", "/srv", List.of("rbind", "rro", "rnosuid"), null, null, null),
                new Mount("/cache", "tmpfs", "tmpfs", List.of("rro", "tmpcopyup"), null, null, null)))).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        int data = indexOf(ops, OpCode.MOUNT, "/data");
        assertEquals(new Op(OpCode.MOUNT_SETATTR, List.of("/data", MountOptions.MOUNT_ATTR_RDONLY
                | MountOptions.MOUNT_ATTR_NOSUID, 0L)), ops.get(data + 1), "right after the bind, as runc");
        int cache = indexOf(ops, OpCode.MOUNT, "/cache");
        assertEquals(OpCode.MOUNT_COPY_UP, ops.get(cache).fields().get(6));
        int cacheAttributes = ops.indexOf(new Op(OpCode.MOUNT_SETATTR, List.of("/cache",
                MountOptions.MOUNT_ATTR_RDONLY, 0L)));
        assertTrue(cacheAttributes > codes.indexOf(OpCode.PIVOT_ROOT), "after the tmpfs is filled");
    }

    @Test
    void aReadOnlyDevAndTmpfsAreMountedWritableAndMadeReadOnlyAfterTheConsole() throws Exception {
        Spec spec = defaults(s -> {
            List<Mount> mounts = new ArrayList<>();
            for (Mount mount : s.mounts()) {
                List<String> options = new ArrayList<>(mount.options() == null ? List.of() : mount.options());
                if (mount.destination().equals("/dev")) {
                    options.add("ro");
                }
                mounts.add(new Mount(mount.destination(), mount.type(), mount.source(), options, null, null, null));
            }
            return s.withMounts(mounts).withProcess(s.process().withTerminal(true));
        });
        List<Op> ops = plan(spec).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        Op dev = ops.get(indexOf(ops, OpCode.MOUNT, "/dev"));
        assertEquals(0L, (Long) dev.fields().get(3) & MountOptions.MS_RDONLY, "devices and devpts go in it first");
        int remount = codes.indexOf(OpCode.REMOUNT);
        assertEquals("/dev", ops.get(remount).fields().get(0));
        assertTrue(((Long) ops.get(remount).fields().get(1) & MountOptions.MS_RDONLY) != 0);
        assertTrue(remount > codes.indexOf(OpCode.CONSOLE) && remount > indexOf(ops, OpCode.MOUNT, "/dev/pts"));
    }

    private static final List<CgroupHierarchy> V1_VIEW = List.of(
            new CgroupHierarchy("cpu,cpuacct", "cgroup", "cpu,cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                    List.of("cpu", "cpuacct")),
            new CgroupHierarchy("systemd", "cgroup", "name=systemd", Path.of("/sys/fs/cgroup/systemd"), List.of()),
            new CgroupHierarchy("unified", "cgroup2", "", Path.of("/sys/fs/cgroup/unified"), List.of()));

    private static List<Op> cgroupMount(List<CgroupHierarchy> view, boolean cgroupNamespace) throws PlanException {
        Spec spec = defaults(s -> s);
        if (!cgroupNamespace) {
            List<io.hako.oci.config.Namespace> namespaces = new ArrayList<>(spec.linux().namespaces());
            namespaces.removeIf(namespace -> namespace.type() == io.hako.oci.config.NamespaceType.CGROUP);
            spec = spec.withLinux(spec.linux().withNamespaces(namespaces));
        }
        List<Op> ops = Planner.plan(new Planner.Request(spec, BUNDLE, BUNDLE.resolve("rootfs"), false, 3, 40,
                path -> true, List.of(), null, false, List.of(), null, null, null, view, false, false)).plan().ops();
        return ops.stream().filter(op -> op.fields().size() > 1 && op.fields().get(1) instanceof String target
                && target.startsWith("/sys/fs/cgroup")).toList();
    }

    @Test
    void onV1WithoutACgroupNamespaceTheContainersDirectoriesAreBoundInATmpfs() throws Exception {
        long ro = MountOptions.MS_RDONLY | MountOptions.MS_NOSUID | MountOptions.MS_NOEXEC | MountOptions.MS_NODEV
                | MountOptions.MS_RELATIME;
        long bind = ro | MountOptions.MS_BIND | MountOptions.MS_REC;
        assertEquals(List.of(
                new Op(OpCode.MOUNT, List.of("tmpfs", "/sys/fs/cgroup", "tmpfs", CgroupMountPlanner.DEFAULT_FLAGS,
                        "mode=755", 1, 0)),
                new Op(OpCode.MOUNT_OWN_CGROUP, List.of("cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct",
                        "/sys/fs/cgroup/cpu,cpuacct", bind)),
                new Op(OpCode.SYMLINK, List.of("cpu,cpuacct", "/sys/fs/cgroup/cpu")),
                new Op(OpCode.SYMLINK, List.of("cpu,cpuacct", "/sys/fs/cgroup/cpuacct")),
                new Op(OpCode.MOUNT_OWN_CGROUP, List.of("name=systemd", "/sys/fs/cgroup/systemd",
                        "/sys/fs/cgroup/systemd", bind)),
                new Op(OpCode.MOUNT_OWN_CGROUP, List.of("", "/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified", bind))),
                cgroupMount(V1_VIEW, false));
    }

    @Test
    void onV1InACgroupNamespaceEachHierarchyIsMountedAfresh() throws Exception {
        long flags = CgroupMountPlanner.DEFAULT_FLAGS | MountOptions.MS_RDONLY;
        List<Op> ops = cgroupMount(V1_VIEW, true);
        assertEquals(new Op(OpCode.MOUNT, List.of("cgroup", "/sys/fs/cgroup/cpu,cpuacct", "cgroup", flags,
                "cpu,cpuacct", 1, 0)), ops.get(1));
        assertEquals(new Op(OpCode.MOUNT, List.of("systemd", "/sys/fs/cgroup/systemd", "cgroup", flags,
                "name=systemd", 1, 0)), ops.get(4));
        assertEquals(new Op(OpCode.MOUNT, List.of("cgroup2", "/sys/fs/cgroup/unified", "cgroup2", flags, "", 1, 0)),
                ops.get(5));
    }

    @Test
    void onV2TheCgroupIsMountedAfreshInItsNamespaceAndBoundWithoutOne() throws Exception {
        var view = List.of(new CgroupHierarchy("", "cgroup2", "", Path.of("/sys/fs/cgroup"), List.of()));
        assertEquals("cgroup2", cgroupMount(view, true).getFirst().fields().getFirst());
        Op bound = cgroupMount(view, false).getFirst();
        assertEquals(List.of("", "/sys/fs/cgroup", "/sys/fs/cgroup"), bound.fields().subList(0, 3));
        assertTrue(((Long) bound.fields().get(3) & MountOptions.MS_BIND) != 0);
    }

    @Test
    void onlyTheProcFilesLxcfsEmulatesMayBeMountedInAProcfs() throws Exception {
        List<Op> ops = plan(defaults(s -> withMounts(s,
                new Mount("/proc/cpuinfo", "bind", "/var/lib/lxcfs/proc/cpuinfo", List.of("bind"), null, null, null),
                new Mount("/data", "bind", "/srv/data", List.of("rbind"), null, null, null)))).plan().ops();
        assertEquals(OpCode.MOUNT_INSIDE_PROC, ops.get(indexOf(ops, OpCode.MOUNT, "/proc/cpuinfo")).fields().get(6));
        assertEquals(0, ops.get(indexOf(ops, OpCode.MOUNT, "/data")).fields().get(6),
                "the stage refuses it should it lead into a procfs");
    }

    @Test
    void aUserNamespacesBindSourcesAreOpenedBeforeItAndReceivedBeforeTheInit() throws Exception {
        Spec spec = defaults(s -> {
            List<io.hako.oci.config.Namespace> namespaces = new ArrayList<>(s.linux().namespaces());
            namespaces.add(new io.hako.oci.config.Namespace(io.hako.oci.config.NamespaceType.USER, null, null));
            var mapping = List.of(new io.hako.oci.config.IdMapping(0, 1000, 1));
            return withMounts(s.withLinux(s.linux().withNamespaces(namespaces).withIdMappings(mapping, mapping)),
                    new Mount("/data", "bind", "/srv/data", List.of("rbind"), null, null, null),
                    new Mount("/again", "bind", "/srv/data", List.of("rbind"), null, null, null));
        });
        List<Op> ops = plan(spec).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        int prepare = codes.indexOf(OpCode.PREPARE_SOURCES);
        assertEquals(List.of(List.of("/srv/data")), ops.get(prepare).fields(), "each source once");
        assertEquals(OpCode.UNSHARE, codes.get(prepare + 1), "while the host's rights are there");
        assertEquals(codes.indexOf(OpCode.FORK_INIT) - 1, codes.indexOf(OpCode.RECEIVE_SOURCES));
        assertEquals(OpCode.MOUNT_PREOPENED_SOURCE, ops.get(indexOf(ops, OpCode.MOUNT, "/data")).fields().get(6));
        assertFalse(codes(plan(defaults(s -> withMounts(s, new Mount("/data", "bind", "/srv/data", List.of("rbind"),
                null, null, null)))).plan()).contains(OpCode.PREPARE_SOURCES), "the init opens them itself");
    }

    private static int indexOf(List<Op> ops, OpCode code, String target) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).code() == code && ops.get(i).fields().get(1).equals(target)) {
                return i;
            }
        }
        throw new AssertionError(code + " on " + target + " is not in the plan");
    }

    @Test
    void theAskedPropagationComesFirstAndAgainForTheNewRootOnceEverythingIsMounted() throws Exception {
        for (String asked : List.of("shared", "rshared", "slave", "rslave", "unbindable", "runbindable")) {
            List<Op> ops = plan(defaults(s -> s.withLinux(s.linux().withRootfsPropagation(asked)))).plan().ops();
            List<OpCode> codes = ops.stream().map(Op::code).toList();
            long flags = (asked.contains("shared") ? MountOptions.MS_SHARED : asked.contains("slave")
                    ? MountOptions.MS_SLAVE : MountOptions.MS_UNBINDABLE)
                    | (asked.startsWith("r") ? MountOptions.MS_REC : 0);
            // Before the rootfs, so that rshared keeps the host's peer groups (a volume's mounts reach the host);
            // unbindable mounts could not be bound from, so those are slaves until the end.
            assertEquals(codes.indexOf(OpCode.ROOTFS) - 1, codes.indexOf(OpCode.ROOT_PROPAGATION), asked);
            assertEquals(asked.contains("unbindable") ? MountOptions.MS_SLAVE | MountOptions.MS_REC : flags,
                    ops.get(codes.indexOf(OpCode.ROOT_PROPAGATION)).fields().get(0), asked);
            int last = codes.lastIndexOf(OpCode.ROOT_PROPAGATION);
            assertEquals(flags, ops.get(last).fields().get(0), asked);
            assertTrue(last > codes.lastIndexOf(OpCode.MASK_PATH) && last > codes.indexOf(OpCode.PIVOT_ROOT), asked);
        }
        for (String asked : List.of("", "private", "rprivate")) {
            List<Op> ops = plan(defaults(s -> s.withLinux(s.linux().withRootfsPropagation(asked)))).plan().ops();
            List<Op> propagation = ops.stream().filter(op -> op.code() == OpCode.ROOT_PROPAGATION).toList();
            assertEquals(1, propagation.size(), asked + ": once, before the rootfs");
            assertEquals(asked.isEmpty() ? MountOptions.MS_SLAVE | MountOptions.MS_REC : MountOptions.MS_PRIVATE
                    | (asked.startsWith("r") ? MountOptions.MS_REC : 0), propagation.getFirst().fields().get(0));
        }
    }

    @Test
    void privatePropagationWithoutPivotRootIsRefusedAsRuncRefusesIt() {
        for (String asked : List.of("private", "rprivate")) {
            Spec spec = defaults(s -> s.withLinux(s.linux().withRootfsPropagation(asked)));
            PlanException e = assertThrows(PlanException.class, () -> Planner.plan(new Planner.Request(spec, BUNDLE,
                    BUNDLE.resolve("rootfs"), true, 3, 40, path -> true, List.of(), null, false, List.of(), null,
                    null, null, List.of(), false, false)));
            assertEquals("/linux/rootfsPropagation", e.pointer());
            assertTrue(e.getMessage().contains("not safe without pivot_root"), e.getMessage());
        }
    }

    @Test
    void sysctlsAreWrittenBeforeProcSysIsMadeReadOnlyAndMasksGoOnTop() throws Exception {
        List<OpCode> codes = codes(plan(defaults(s -> s.withLinux(s.linux().withSysctl(
                java.util.Map.of("net.ipv4.ip_forward", "1"))))).plan());
        assertTrue(codes.indexOf(OpCode.SYSCTL) < codes.indexOf(OpCode.READONLY_PATH));
        assertTrue(codes.lastIndexOf(OpCode.READONLY_PATH) < codes.indexOf(OpCode.MASK_PATH));
    }

    @Test
    void aTerminalIsMadeAfterTheMountsWithItsSize() throws Exception {
        Spec spec = defaults(s -> s.withProcess(s.process().withTerminal(true)
                .withConsoleSize(new io.hako.oci.config.ConsoleSize(24, 80, null))));
        List<Op> ops = plan(spec).plan().ops();
        List<OpCode> codes = codes(plan(spec).plan());
        int console = codes.indexOf(OpCode.CONSOLE);
        assertTrue(console > codes.lastIndexOf(OpCode.READONLY_PATH) && console < codes.indexOf(OpCode.USER));
        assertEquals(List.of(24, 80), ops.get(console).fields());
    }

    @Test
    void aJoinedNetworkNamespaceIsTheEnginesToSetUp() throws Exception {
        var joined = new io.hako.oci.config.Namespace(io.hako.oci.config.NamespaceType.NETWORK, "/run/netns/pod",
                null);
        List<OpCode> codes = codes(plan(defaults(s -> s.withLinux(s.linux().withNamespaces(
                java.util.stream.Stream.concat(s.linux().namespaces().stream()
                        .filter(ns -> ns.type() != io.hako.oci.config.NamespaceType.NETWORK),
                        java.util.stream.Stream.of(joined)).toList())))).plan());
        assertFalse(codes.contains(OpCode.LOOPBACK_UP), "its loopback is left as the engine left it");
    }

    @Test
    void withoutAMountNamespaceTheHostsTreeIsNeverChanged() throws Exception {
        var result = plan(defaults(s -> s.withLinux(s.linux().withNamespaces(List.of()))));
        List<OpCode> codes = codes(result.plan());
        assertFalse(codes.contains(OpCode.ROOT_PROPAGATION), "the host's propagation is not touched");
        assertFalse(codes.contains(OpCode.PIVOT_ROOT) || codes.contains(OpCode.CHROOT),
                "nothing is moved over the host's /");
        assertFalse(codes.contains(OpCode.STDIO_NULL), "the host's /dev/null is the one the streams have");
        assertFalse(codes.contains(OpCode.LOOPBACK_UP), "the host's network namespace is not touched");
        assertTrue(codes.indexOf(OpCode.ROOTFS) < codes.indexOf(OpCode.MOUNT));
        assertTrue(codes.lastIndexOf(OpCode.MOUNT) < codes.indexOf(OpCode.ENTER_ROOT));
        assertTrue(result.debug().stream().anyMatch(w -> w.startsWith("no mount namespace")), result.debug()
                .toString());
        // What would change the propagation of the host's mounts is refused.
        var linux = DefaultSpec.create().linux();
        assertRefused(defaults(s -> s.withLinux(new io.hako.oci.config.Linux(List.of(), null, null, null, null,
                null, null, null, null, null, null, "shared", linux.maskedPaths(), linux.readonlyPaths(), null, null,
                null, null))), "/linux/rootfsPropagation");
    }

    @Test
    void theIntermediateJoinsTheCgroupBeforeItMakesAnything() throws Exception {
        var request = new Planner.Request(defaults(s -> s), BUNDLE, BUNDLE.resolve("rootfs"), false, 3, 40,
                path -> true, List.of(), null, true, List.of(), null, "_ses.c1", "system_u:system_r:container_t:s0",
                List.of(), false, false);
        List<Op> ops = Planner.plan(request).plan().ops();
        assertEquals(OpCode.AWAIT_CGROUP, ops.getFirst().code());
        // The init's own session keyring, its keys labelled first.
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        int join = codes.indexOf(OpCode.JOIN_SESSION_KEYRING);
        assertEquals(List.of("/proc/self/attr/keycreate", "system_u:system_r:container_t:s0"),
                ops.get(join - 1).fields());
        assertEquals(List.of("_ses.c1"), ops.get(join).fields());
        assertFalse(codes(plan(defaults(s -> s)).plan()).contains(OpCode.AWAIT_CGROUP));
    }

    @Test
    void aSeccompFilterIsLoadedBeforeTheUidChangeWithoutNoNewPrivsAndJustBeforeStartWithIt() throws Exception {
        var program = new SeccompProgram(new byte[16], 2, false);
        Spec withFilter = defaults(s -> s.withLinux(s.linux().withSeccomp(new Seccomp("SCMP_ACT_ALLOW", null,
                null, null, null, null, null, null))));

        List<OpCode> privileged = codes(plan(withFilter.withProcess(withFilter.process().withNoNewPrivileges(false)),
                program).plan());
        assertEquals(privileged.indexOf(OpCode.USER) - 1, privileged.indexOf(OpCode.SECCOMP),
                "while CAP_SYS_ADMIN is still there");

        List<OpCode> late = codes(plan(withFilter.withProcess(withFilter.process().withNoNewPrivileges(true)),
                program).plan());
        assertEquals(List.of(OpCode.NO_NEW_PRIVILEGES, OpCode.FIND_EXECUTABLE, OpCode.SECCOMP, OpCode.READY,
                OpCode.WAIT_START, OpCode.EXEC), late.subList(late.size() - 6, late.size()));

        Op load = plan(withFilter, program).plan().ops().stream().filter(op -> op.code() == OpCode.SECCOMP)
                .findFirst().orElseThrow();
        assertEquals(2, load.fields().get(0));
        assertEquals(16, ((byte[]) load.fields().get(1)).length);
        assertTrue(PlanDescriber.describe(plan(withFilter, program).plan()).contains("seccomp 2 BPF instructions, flags LOG"));

        Spec notifyingSendmsg = defaults(s -> s.withLinux(s.linux().withSeccomp(new Seccomp("SCMP_ACT_ALLOW", null,
                null, null, "/run/agent.sock", null, List.of(new io.hako.oci.config.Syscall(List.of("sendmsg"),
                        "SCMP_ACT_NOTIFY", null, null, null)), null))));
        var e = assertThrows(PlanException.class, () -> plan(notifyingSendmsg, new SeccompProgram(new byte[16], 8, true)));
        assertEquals("/linux/seccomp/syscalls/0/names", e.pointer());
    }

    @Test
    void idMappedMountsArePreparedFirstAndAttachedInPlace() throws Exception {
        var range = List.of(new io.hako.oci.config.IdMapping(0, 100000, 65536, null));
        var own = List.of(new io.hako.oci.config.IdMapping(1000, 200000, 1, null));
        Spec spec = defaults(s -> withMounts(withMounts(s.withLinux(s.linux().withIdMappings(range, range)),
                new Mount("/a", "bind", "/srv/a", List.of("rbind", "ridmap", "ro"), null, null, null)),
                new Mount("/b", "bind", "/srv/b", List.of("bind"), own, own, null)));
        List<Op> ops = plan(spec).plan().ops();
        assertEquals(OpCode.IDMAP_PREPARE, ops.get(0).code(), "with the host's privileges, before anything");
        assertEquals(List.of("/srv/a", 1, List.of(0, 100000, 65536), List.of(0, 100000, 65536)), ops.get(0).fields());
        assertEquals(List.of("/srv/b", 0, List.of(1000, 200000, 1), List.of(1000, 200000, 1)), ops.get(1).fields());
        List<Op> attached = ops.stream().filter(op -> op.code() == OpCode.IDMAP_ATTACH).toList();
        assertEquals(List.of(0, "/a", MountOptions.MS_RDONLY, 1), attached.get(0).fields());
        assertEquals(1, attached.get(1).fields().get(0));
        assertTrue(PlanDescriber.describe(plan(spec).plan())
                .contains("idmap-prepare \"/srv/a\" recursive uids 0:100000:65536 gids 0:100000:65536"));

        assertRefused(defaults(s -> withMounts(s, new Mount("/t", "tmpfs", "tmpfs", List.of("idmap"), null, null,
                null))), "/mounts/7/options");
        assertRefused(defaults(s -> withMounts(s, new Mount("/c", "bind", "/srv/c", List.of("bind", "idmap"), null,
                null, null))), "/mounts/7/uidMappings");
    }

    @Test
    void securityLabelsAreWrittenJustBeforeTheProcessIsStartedAndMountsCarryTheMountLabel() throws Exception {
        var label = new io.hako.security.SecurityModule.ExecLabel("/proc/self/attr/apparmor/exec", "exec p");
        var request = new Planner.Request(defaults(s -> s.withProcess(s.process().withNoNewPrivileges(true))),
                BUNDLE, BUNDLE.resolve("rootfs"), false, 3, 40, path -> true, List.of(), null, false, List.of(label),
                "context=\"system_u:object_r:container_file_t:s0\"", null, null, List.of(), false, false);
        List<Op> ops = Planner.plan(request).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        assertEquals(List.of(OpCode.FIND_EXECUTABLE, OpCode.LSM_LABEL, OpCode.READY),
                codes.subList(codes.indexOf(OpCode.FIND_EXECUTABLE), codes.indexOf(OpCode.READY) + 1));
        assertEquals(List.of("/proc/self/attr/apparmor/exec", "exec p"),
                ops.get(codes.indexOf(OpCode.LSM_LABEL)).fields());
        Op devpts = ops.stream().filter(op -> op.code() == OpCode.MOUNT && op.fields().get(1).equals("/dev/pts"))
                .findFirst().orElseThrow();
        assertTrue(((String) devpts.fields().get(4)).endsWith(",context=\"system_u:object_r:container_file_t:s0\""));
        Op proc = ops.stream().filter(op -> op.code() == OpCode.MOUNT && op.fields().get(1).equals("/proc"))
                .findFirst().orElseThrow();
        assertEquals("", proc.fields().get(4), "proc takes no context option");
    }

    @Test
    void theInitsHooksRunInTheirPlaces() throws Exception {
        Hook hook = new Hook("/usr/bin/true", List.of("true", "--flag"), List.of("A=1"), 3L, null);
        Spec spec = defaults(s -> s.withHooks(new Hooks(List.of(hook), null, List.of(hook), List.of(hook),
                List.of(hook), List.of(hook), null)));
        List<Op> ops = plan(spec).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        int await = codes.indexOf(OpCode.AWAIT_HOOKS);
        assertEquals(List.of(OpCode.AWAIT_HOOKS, OpCode.CHDIR, OpCode.RUN_HOOK, OpCode.PIVOT_ROOT),
                codes.subList(await, await + 4), "createContainer: after the mounts and main's hooks, in the rootfs,"
                        + " before the pivot");
        assertEquals(List.of(BUNDLE.resolve("rootfs").toString(), 0), ops.get(await + 1).fields(),
                "runc's working directory for them");
        assertEquals(List.of(OpCode.WAIT_START, OpCode.RUN_HOOK, OpCode.EXEC), codes.subList(codes.size() - 3,
                codes.size()), "startContainer: once started, before the exec");
        assertEquals(List.of("/usr/bin/true", List.of("true", "--flag"), List.of("A=1"), 3, 0),
                ops.get(await + 2).fields());
        assertEquals(2, codes.stream().filter(code -> code == OpCode.RUN_HOOK).count(), "poststart and poststop are main's");
        assertFalse(codes(plan(defaults(s -> s)).plan()).contains(OpCode.AWAIT_HOOKS));
    }

    /** A hook of the init's without env has the process's, as runc's init has it: the stage adds HOME to it. */
    @Test
    void theInitsHooksWithoutEnvGetTheProcesses() throws Exception {
        Hook hook = new Hook("/usr/bin/true", null, null, null, null);
        Spec spec = defaults(s -> s.editProcess(p -> p.withEnv(List.of("PATH=/bin", "HOME=")))
                .withHooks(new Hooks(null, null, List.of(hook), List.of(hook), null, null, null)));
        List<Op> ops = plan(spec).plan().ops();
        List<Op> hooks = ops.stream().filter(op -> op.code() == OpCode.RUN_HOOK).toList();
        Op exec = ops.getLast();
        assertEquals(List.of("PATH=/bin"), exec.fields().get(1), "the empty HOME is the stage's to fill");
        for (Op run : hooks) {
            assertEquals(List.of("/usr/bin/true", List.of("/usr/bin/true"), exec.fields().get(1), 0, 1), run.fields());
        }
        List<OpCode> codes = codes(plan(spec).plan());
        assertTrue(codes.indexOf(OpCode.RUN_HOOK) < codes.indexOf(OpCode.DEFAULT_HOME),
                "createContainer hooks run before HOME is known, as runc's");
        assertTrue(codes.lastIndexOf(OpCode.RUN_HOOK) > codes.indexOf(OpCode.DEFAULT_HOME));
    }

    @Test
    void theDescriptionNamesFlags() throws Exception {
        String text = PlanDescriber.describe(plan(defaults(s -> s)).plan());
        assertTrue(text.contains("mount \"sysfs\" on \"/sys\" type \"sysfs\" ro|nosuid|nodev|noexec"), text);
        assertTrue(text.contains("unshare mount|uts|ipc|pid|network\n"), text);
        assertTrue(text.contains("rlimit RLIMIT_NOFILE soft 1024 hard 1024"), text);
        assertTrue(text.contains("mknod \"/dev/null\" c 0666 1:3 owner 0:0"), text);
    }

    private static void assertRefused(Spec spec, String pointer) {
        var e = assertThrows(PlanException.class, () -> plan(spec));
        assertEquals(pointer, e.pointer(), e.getMessage());
    }

    private static Spec withMounts(Spec s, Mount... extra) {
        List<Mount> mounts = new ArrayList<>(s.mounts());
        mounts.addAll(List.of(extra));
        return s.withMounts(mounts);
    }
}
