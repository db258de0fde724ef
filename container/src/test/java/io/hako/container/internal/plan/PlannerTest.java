package io.hako.container.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                path -> !path.toString().endsWith(".conf"), List.of(), seccomp, false, List.of(), null, null, null));
    }

    private static Spec defaults(UnaryOperator<Spec> edit) {
        Spec spec = DefaultSpec.create();
        return edit.apply(spec.withProcess(spec.process().withTerminal(false)));
    }

    private static List<OpCode> codes(Plan plan) {
        return plan.ops().stream().map(Op::code).toList();
    }

    @Test
    void theIntermediatesPartEndsAtTheForkAndTheInitsEndsInExec() throws Exception {
        List<OpCode> codes = codes(plan(defaults(s -> s)).plan());
        int fork = codes.indexOf(OpCode.FORK_INIT);
        assertEquals(List.of(OpCode.UNSHARE), codes.subList(0, fork), "no user namespace: one unshare");
        assertEquals(OpCode.UNSHARE, codes.get(fork + 1), "the cgroup namespace, made by the init");
        assertTrue(codes.indexOf(OpCode.ROOTFS) < codes.indexOf(OpCode.MOUNT));
        assertTrue(codes.lastIndexOf(OpCode.MOUNT) < codes.indexOf(OpCode.PIVOT_ROOT));
        assertTrue(codes.indexOf(OpCode.PIVOT_ROOT) < codes.indexOf(OpCode.MASK_PATH));
        assertTrue(codes.indexOf(OpCode.USER) < codes.indexOf(OpCode.CAPABILITIES));
        assertEquals(List.of(OpCode.FIND_EXECUTABLE, OpCode.READY, OpCode.WAIT_START, OpCode.EXEC),
                codes.subList(codes.size() - 4, codes.size()));
    }

    @Test
    void aNewUserNamespaceWaitsForItsMapsAndBindsDevicesInsteadOfMakingThem() throws Exception {
        Spec rootless = DefaultSpec.rootless(1000, 1000);
        List<OpCode> codes = codes(plan(rootless.withProcess(rootless.process().withTerminal(false))).plan());
        assertEquals(List.of(OpCode.UNSHARE, OpCode.AWAIT_ID_MAPS, OpCode.SET_IDS, OpCode.UNSHARE),
                codes.subList(0, 4));
        assertFalse(codes.contains(OpCode.MKNOD), "mknod is refused in a user namespace");
    }

    @Test
    void aRuntimeInAUserNamespaceBindsDevicesForAContainerWithoutOne() throws Exception {
        Spec spec = defaults(s -> s);
        assertTrue(codes(plan(spec).plan()).contains(OpCode.MKNOD), "the host's root makes device nodes");
        // As root in rootless podman's user namespace: mknod is refused there too, as runc knows.
        Planner.Result inUserNamespace = Planner.plan(new Planner.Request(spec, BUNDLE, BUNDLE.resolve("rootfs"),
                false, 3, 40, path -> true, List.of(), null, false, List.of(), null, null, null, true, false));
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
                40, path -> true, List.of(), null, false, List.of(), null, null, null, false, true));
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
                        path -> true, List.of(), null, false, List.of(), null, null, null, false, true)));
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
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("CAP_KILL")), result.warnings().toString());

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
        assertRefused(defaults(s -> withMounts(s, new Mount("/data", "bind", "/srv", List.of("rbind", "rro"), null,
                null, null))), "/mounts/7/options");
    }

    @Test
    void sharedPropagationComesAfterThePivotAndTheMasks() throws Exception {
        var linux = DefaultSpec.create().linux();
        Spec shared = defaults(s -> s.withLinux(new io.hako.oci.config.Linux(linux.namespaces(), null, null, null,
                null, null, null, null, null, null, null, "shared", linux.maskedPaths(), linux.readonlyPaths(), null,
                null, null, null)));
        List<Op> ops = plan(shared).plan().ops();
        List<OpCode> codes = codes(plan(shared).plan());
        assertEquals(MountOptions.MS_SLAVE | MountOptions.MS_REC, ops.get(codes.indexOf(OpCode.ROOT_PROPAGATION))
                .fields().get(0), "pivot_root refuses a shared root: slave until then");
        int last = codes.lastIndexOf(OpCode.ROOT_PROPAGATION);
        assertEquals(MountOptions.MS_SHARED | MountOptions.MS_REC, ops.get(last).fields().get(0));
        assertTrue(last > codes.lastIndexOf(OpCode.MASK_PATH) && last > codes.indexOf(OpCode.PIVOT_ROOT));
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
    void withoutAMountNamespaceTheHostsTreeIsNeverChanged() throws Exception {
        var result = plan(defaults(s -> s.withLinux(s.linux().withNamespaces(List.of()))));
        List<OpCode> codes = codes(result.plan());
        assertFalse(codes.contains(OpCode.ROOT_PROPAGATION), "the host's propagation is not touched");
        assertFalse(codes.contains(OpCode.PIVOT_ROOT) || codes.contains(OpCode.CHROOT),
                "nothing is moved over the host's /");
        assertTrue(codes.indexOf(OpCode.ROOTFS) < codes.indexOf(OpCode.MOUNT));
        assertTrue(codes.lastIndexOf(OpCode.MOUNT) < codes.indexOf(OpCode.ENTER_ROOT));
        assertTrue(result.warnings().stream().anyMatch(w -> w.startsWith("no mount namespace")), result.warnings()
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
                path -> true, List.of(), null, true, List.of(), null, "_ses.c1", "system_u:system_r:container_t:s0");
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
                "context=\"system_u:object_r:container_file_t:s0\"", null, null);
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
        Spec spec = defaults(s -> new Spec(s.ociVersion(), s.root(), s.process(), s.hostname(), s.domainname(),
                s.mounts(), new Hooks(List.of(hook), null, List.of(hook), List.of(hook), List.of(hook), List.of(hook),
                null), s.annotations(), s.linux(), s.unknown()));
        List<Op> ops = plan(spec).plan().ops();
        List<OpCode> codes = ops.stream().map(Op::code).toList();
        int await = codes.indexOf(OpCode.AWAIT_HOOKS);
        assertEquals(List.of(OpCode.AWAIT_HOOKS, OpCode.RUN_HOOK, OpCode.PIVOT_ROOT), codes.subList(await, await + 3),
                "createContainer: after the mounts and main's hooks, before the pivot");
        assertEquals(List.of(OpCode.WAIT_START, OpCode.RUN_HOOK, OpCode.EXEC), codes.subList(codes.size() - 3,
                codes.size()), "startContainer: once started, before the exec");
        assertEquals(List.of("/usr/bin/true", List.of("true", "--flag"), List.of("A=1"), 3), ops.get(await + 1).fields());
        assertEquals(2, codes.stream().filter(code -> code == OpCode.RUN_HOOK).count(), "poststart and poststop are main's");
        assertFalse(codes(plan(defaults(s -> s)).plan()).contains(OpCode.AWAIT_HOOKS));
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

    private static Spec withMounts(Spec s, Mount extra) {
        List<Mount> mounts = new ArrayList<>(s.mounts());
        mounts.add(extra);
        return new Spec(s.ociVersion(), s.root(), s.process(), s.hostname(), s.domainname(), mounts, s.hooks(),
                s.annotations(), s.linux(), s.unknown());
    }
}
