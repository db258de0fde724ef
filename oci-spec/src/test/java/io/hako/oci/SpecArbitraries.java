package io.hako.oci;

import io.hako.oci.config.BlockIo;
import io.hako.oci.config.Capabilities;
import io.hako.oci.config.ConsoleSize;
import io.hako.oci.config.Cpu;
import io.hako.oci.config.Device;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.ExecCpuAffinity;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.HugepageLimit;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.IntelRdt;
import io.hako.oci.config.InterfacePriority;
import io.hako.oci.config.IoPriority;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Memory;
import io.hako.oci.config.MemoryPolicy;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.NetDevice;
import io.hako.oci.config.Network;
import io.hako.oci.config.Personality;
import io.hako.oci.config.Pids;
import io.hako.oci.config.Process;
import io.hako.oci.config.Rdma;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Root;
import io.hako.oci.config.Scheduler;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import io.hako.oci.config.ThrottleDevice;
import io.hako.oci.config.TimeOffset;
import io.hako.oci.config.TimeOffsets;
import io.hako.oci.config.User;
import io.hako.oci.config.WeightDevice;
import io.hako.oci.internal.Json;
import io.hako.oci.internal.JsonTree;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitrary configurations that are valid by the runtime-spec's schema and by {@link SpecValidator}, with
 * every section filled or absent, unknown fields at several levels, and unsigned 64-bit values across their
 * whole range (above 2^63 too, held as negative longs).
 */
final class SpecArbitraries {
    private SpecArbitraries() {}

    /** Valid configurations, any section may be absent. */
    static Arbitrary<Spec> specs() {
        return spec(process().injectNull(0.2), linux().injectNull(0.2));
    }

    /** Valid configurations with a process and a Linux section: the ground for mutations. */
    static Arbitrary<Spec> linuxSpecs() {
        return spec(process(), linux());
    }

    private static Arbitrary<Spec> spec(Arbitrary<Process> process, Arbitrary<Linux> linux) {
        return combine(p -> consistent(new Spec(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6),
                        p.at(7), p.at(8), p.at(9))),
                // root is REQUIRED on every platform but Windows (config.md)
                ociVersion(), root(), process, text().injectNull(0.5), text().injectNull(0.7),
                mount().list().ofMaxSize(4).injectNull(0.3), hooks().injectNull(0.5),
                annotations().injectNull(0.5), linux, unknown(Spec.class));
    }

    /**
     * Makes the sections agree with each other where the spec ties them together: a hostname needs a UTS
     * namespace, a sysctl the namespace it belongs to.
     */
    private static Spec consistent(Spec spec) {
        Linux linux = spec.linux();
        if (linux == null) {
            return spec;
        }
        Set<NamespaceType> needed = EnumSet.noneOf(NamespaceType.class);
        if (!isEmpty(spec.hostname()) || !isEmpty(spec.domainname())) {
            needed.add(NamespaceType.UTS);
        }
        if (linux.sysctl() != null) {
            for (String key : linux.sysctl().keySet()) {
                needed.add(key.startsWith("net") ? NamespaceType.NETWORK : NamespaceType.IPC);
            }
        }
        List<Namespace> namespaces = new ArrayList<>(linux.namespaces() == null ? List.of() : linux.namespaces());
        namespaces.stream().map(Namespace::type).forEach(needed::remove);
        needed.forEach(type -> namespaces.add(new Namespace(type)));
        return needed.isEmpty() ? spec : spec.withLinux(linux.withNamespaces(namespaces));
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    // ---- top level --------------------------------------------------------------------------------------

    static Arbitrary<String> ociVersion() {
        return Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 12),
                        Arbitraries.integers().between(0, 30), Arbitraries.of("", "-dev", "-rc.1", "+build.5"))
                .as((major, minor, patch, suffix) -> major + "." + minor + "." + patch + suffix);
    }

    static Arbitrary<Root> root() {
        return Combinators.combine(Arbitraries.of("rootfs", "/var/lib/bundle/rootfs", "root fs", "rootfs/..", ""),
                        Arbitraries.of(true, false).injectNull(0.5), unknown(Root.class))
                .as(Root::new);
    }

    static Arbitrary<Map<String, String>> annotations() {
        return Arbitraries.maps(text().filter(k -> !k.isEmpty()), text()).ofMaxSize(4).map(SpecArbitraries::ordered);
    }

    static Arbitrary<Mount> mount() {
        return Combinators.combine(absolutePath(), Arbitraries.of("bind", "tmpfs", "proc", "none").injectNull(0.2),
                        text().injectNull(0.2), text().list().ofMaxSize(4).injectNull(0.3),
                        Arbitraries.of(true, false), idMappings(), idMappings(), unknown(Mount.class))
                .as((destination, type, source, options, idmapped, uids, gids, unknown) -> new Mount(destination,
                        type, source, options, idmapped ? uids : null, idmapped ? gids : null, unknown));
    }

    static Arbitrary<Hooks> hooks() {
        Arbitrary<List<Hook>> list = hook().list().ofMaxSize(3).injectNull(0.4);
        return combine(p -> new Hooks(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6)),
                list, list, list, list, list, list, unknown(Hooks.class));
    }

    static Arbitrary<Hook> hook() {
        return Combinators.combine(absolutePath(), text().list().ofMaxSize(3).injectNull(0.4),
                        environment().injectNull(0.5), Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.6),
                        unknown(Hook.class))
                .as(Hook::new);
    }

    // ---- process ----------------------------------------------------------------------------------------

    static Arbitrary<Process> process() {
        return combine(p -> new Process(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6), p.at(7),
                        p.at(8), p.at(9), p.at(10), p.at(11), p.at(12), p.at(13), p.at(14), p.at(15), p.at(16)),
                Arbitraries.of(true, false).injectNull(0.3),
                Combinators.combine(uint64(), uint64(), unknown(ConsoleSize.class)).as(ConsoleSize::new)
                        .injectNull(0.6),
                user().injectNull(0.2),
                text().list().ofMinSize(1).ofMaxSize(4),
                text().injectNull(0.9),
                environment().injectNull(0.3),
                absolutePath(),
                capabilities().injectNull(0.3),
                rlimits().injectNull(0.3),
                Arbitraries.of(true, false).injectNull(0.5),
                text().injectNull(0.7),
                Arbitraries.integers().between(-1000, 1000).injectNull(0.6),
                text().injectNull(0.7),
                Combinators.combine(choice(SpecValidator.IO_PRIORITY_CLASSES),
                        Arbitraries.integers().between(0, 7), unknown(IoPriority.class))
                        .as(IoPriority::new).injectNull(0.7),
                scheduler().injectNull(0.7),
                Combinators.combine(cpuList().injectNull(0.3), cpuList().injectNull(0.3),
                                unknown(ExecCpuAffinity.class))
                        .as(ExecCpuAffinity::new).injectNull(0.7),
                unknown(Process.class));
    }

    static Arbitrary<User> user() {
        return Combinators.combine(uint32(), uint32(), Arbitraries.longs().between(0, 0777).injectNull(0.5),
                        uint32().list().ofMaxSize(4).injectNull(0.5), text().injectNull(0.9), unknown(User.class))
                .as(User::new);
    }

    static Arbitrary<Capabilities> capabilities() {
        Arbitrary<List<String>> set = Arbitraries.subsetOf(SpecValidator.KNOWN_CAPABILITIES)
                .map(s -> SpecValidator.KNOWN_CAPABILITIES.stream().filter(s::contains).toList()).injectNull(0.2);
        return combine(p -> new Capabilities(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5)),
                set, set, set, set, set, unknown(Capabilities.class));
    }

    static Arbitrary<List<Rlimit>> rlimits() {
        record Limits(long a, long b, UnknownFields unknown) {}
        return each(SpecValidator.RLIMITS, 5,
                Combinators.combine(uint64(), uint64(), unknown(Rlimit.class)).as(Limits::new),
                (type, l) -> Long.compareUnsigned(l.a(), l.b()) >= 0
                        ? new Rlimit(type, l.a(), l.b(), l.unknown()) : new Rlimit(type, l.b(), l.a(), l.unknown()));
    }

    static Arbitrary<Scheduler> scheduler() {
        return combine(p -> new Scheduler(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6), p.at(7)),
                choice(SpecValidator.SCHEDULER_POLICIES),
                Arbitraries.integers().between(-20, 19).injectNull(0.5),
                Arbitraries.integers().injectNull(0.5),
                subsetList(SpecValidator.SCHEDULER_FLAGS).injectNull(0.5),
                uint64().injectNull(0.5), uint64().injectNull(0.5), uint64().injectNull(0.5),
                unknown(Scheduler.class));
    }

    // ---- linux ------------------------------------------------------------------------------------------

    static Arbitrary<Linux> linux() {
        return combine(SpecArbitraries::consistent,
                namespaces(),
                idMappings(),
                idMappings(),
                Combinators.combine(timeOffset().injectNull(0.3), timeOffset().injectNull(0.3),
                        unknown(TimeOffsets.class)).as(TimeOffsets::new).injectNull(0.5),
                device().list().ofMaxSize(3).injectNull(0.4),
                Arbitraries.maps(interfaceName(), Combinators.combine(interfaceName().injectNull(0.4),
                                unknown(NetDevice.class)).as(NetDevice::new))
                        .ofMaxSize(3).map(SpecArbitraries::ordered).injectNull(0.7),
                text().injectNull(0.5),
                resources().injectNull(0.3),
                intelRdt().injectNull(0.8),
                mapOf(List.of("net.ipv4.ip_forward", "net/ipv4/tcp_syncookies", "net.core.somaxconn",
                        "kernel.shmmax", "kernel.msgmnb", "fs.mqueue.queues_max"), 3, text()).injectNull(0.5),
                seccomp().injectNull(0.4),
                // The schema's four: the validator also takes their r-forms and "", which the schema does not.
                choice(Set.of("private", "shared", "slave", "unbindable")).injectNull(0.6),
                absolutePath().list().ofMaxSize(4).injectNull(0.4),
                absolutePath().list().ofMaxSize(4).injectNull(0.4),
                text().injectNull(0.7),
                Combinators.combine(choice(SpecValidator.PERSONALITY_DOMAINS).injectNull(0.2),
                        text().list().ofMaxSize(2).injectNull(0.5), unknown(Personality.class))
                        .as(Personality::new).injectNull(0.8),
                Combinators.combine(choice(SpecValidator.MEMORY_POLICY_MODES), cpuList().injectNull(0.3),
                        subsetList(SpecValidator.MEMORY_POLICY_FLAGS).injectNull(0.5), unknown(MemoryPolicy.class))
                        .as(MemoryPolicy::new).injectNull(0.8),
                unknown(Linux.class));
    }

    /**
     * Raw components of {@link Linux}, made consistent: id mappings only with a new user namespace, clock
     * offsets only with a new time namespace.
     */
    private static Linux consistent(Parts p) {
        List<Namespace> namespaces = p.at(0);
        Namespace user = find(namespaces, NamespaceType.USER);
        Namespace time = find(namespaces, NamespaceType.TIME);
        boolean newUser = user != null && user.path() == null;
        boolean newTime = time != null && time.path() == null;
        return new Linux(namespaces, newUser ? p.at(1) : null, newUser ? p.at(2) : null, newTime ? p.at(3) : null,
                p.at(4), p.at(5), p.at(6), p.at(7), p.at(8), p.at(9), p.at(10), p.at(11), p.at(12), p.at(13),
                p.at(14), p.at(15), p.at(16), p.at(17));
    }

    private static Namespace find(List<Namespace> namespaces, NamespaceType type) {
        return namespaces == null ? null : namespaces.stream().filter(n -> n.type() == type).findFirst().orElse(null);
    }

    static Arbitrary<List<Namespace>> namespaces() {
        return each(List.of(NamespaceType.values()), NamespaceType.values().length,
                Combinators.combine(absolutePath().injectNull(0.7), unknown(Namespace.class))
                        .as((path, unknown) -> new Namespace(NamespaceType.PID, path, unknown)),
                (type, n) -> new Namespace(type, n.path(), n.unknown()))
                .injectNull(0.1);
    }

    /** One to three id ranges that do not overlap in the container or on the host, within 32 bits. */
    static Arbitrary<List<IdMapping>> idMappings() {
        Arbitrary<long[]> range = Combinators.combine(Arbitraries.longs().between(0, 100_000),
                        Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(1, 70_000))
                .as((containerGap, hostGap, size) -> new long[] {containerGap, hostGap, size});
        return Combinators.combine(range.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(0L, 4_000_000_000L),
                        unknown(IdMapping.class))
                .as((ranges, hostBase, unknown) -> {
                    List<IdMapping> mappings = new ArrayList<>();
                    long container = 0;
                    long host = hostBase;
                    for (long[] r : ranges) {
                        container += r[0];
                        host += r[1];
                        mappings.add(new IdMapping(container, host, r[2], mappings.isEmpty() ? unknown : null));
                        container += r[2];
                        host += r[2];
                    }
                    return mappings;
                });
    }

    static Arbitrary<TimeOffset> timeOffset() {
        return Combinators.combine(Arbitraries.longs().injectNull(0.2), uint32().injectNull(0.2),
                unknown(TimeOffset.class)).as(TimeOffset::new);
    }

    static Arbitrary<Device> device() {
        return combine(p -> {
                    String type = p.at(0);
                    boolean pipe = type.equals("p");
                    return new Device(type, p.at(1), pipe ? p.<Long>at(2) : p.<Long>at(3), pipe ? p.<Long>at(2)
                            : p.<Long>at(4), p.at(5), p.at(6), p.at(7), p.at(8));
                },
                Arbitraries.of("c", "b", "u", "p"), absolutePath(), Arbitraries.longs().injectNull(0.5),
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 0777).injectNull(0.3),
                uint32().injectNull(0.4), uint32().injectNull(0.4), unknown(Device.class));
    }

    static Arbitrary<Resources> resources() {
        Arbitrary<Long> int64 = Arbitraries.longs().injectNull(0.5);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false).injectNull(0.6);
        Arbitrary<DeviceRule> rule = Combinators.combine(Arbitraries.of(true, false),
                        Arbitraries.of("a", "b", "c").injectNull(0.4), int64, int64,
                        Arbitraries.of("", "r", "rw", "rwm", "m", "wm").injectNull(0.3), unknown(DeviceRule.class))
                .as(DeviceRule::new);
        Arbitrary<Memory> memory = combine(p -> new Memory(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5),
                        p.at(6), p.at(7), p.at(8), p.at(9)),
                int64, int64, int64, int64, int64, uint64().injectNull(0.5), bool, bool, bool, unknown(Memory.class));
        Arbitrary<Cpu> cpu = combine(p -> new Cpu(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6),
                        p.at(7), p.at(8), p.at(9)),
                uint64().injectNull(0.5), int64, uint64().injectNull(0.5), uint64().injectNull(0.5), int64,
                uint64().injectNull(0.5), cpuList().injectNull(0.5), cpuList().injectNull(0.5), int64,
                unknown(Cpu.class));
        Arbitrary<Integer> weight = Arbitraries.integers().between(0, 65535).injectNull(0.4);
        Arbitrary<ThrottleDevice> throttle = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
                uint64().injectNull(0.3), unknown(ThrottleDevice.class)).as(ThrottleDevice::new);
        Arbitrary<List<ThrottleDevice>> throttles = throttle.list().ofMaxSize(2).injectNull(0.6);
        Arbitrary<BlockIo> blockIo = combine(p -> new BlockIo(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5),
                        p.at(6), p.at(7)),
                weight, weight,
                // "You MUST specify at least one of weight or leafWeight" (config-linux.md)
                Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
                        Arbitraries.integers().between(0, 65535), weight, unknown(WeightDevice.class))
                        .as(WeightDevice::new).list().ofMaxSize(2).injectNull(0.6),
                throttles, throttles, throttles, throttles, unknown(BlockIo.class));
        Arbitrary<HugepageLimit> hugepage = Combinators.combine(
                Combinators.combine(Arbitraries.integers().between(1, 4096), Arbitraries.of("KB", "MB", "GB"))
                        .as((n, unit) -> n + unit),
                uint64(), unknown(HugepageLimit.class)).as(HugepageLimit::new);
        Arbitrary<Network> network = Combinators.combine(uint32().injectNull(0.4),
                Combinators.combine(text(), uint32(), unknown(InterfacePriority.class)).as(InterfacePriority::new)
                        .list().ofMaxSize(2).injectNull(0.5),
                unknown(Network.class)).as(Network::new);
        // "You MUST specify at least one of the hcaHandles or hcaObjects" (config-linux.md)
        Arbitrary<Rdma> rdma = Combinators.combine(uint32().injectNull(0.3), uint32(), Arbitraries.of(true, false),
                unknown(Rdma.class)).as((handles, objects, both, unknown) ->
                new Rdma(handles, handles == null || both ? objects : null, unknown));
        return combine(p -> new Resources(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5), p.at(6), p.at(7),
                        p.at(8), p.at(9)),
                rule.list().ofMaxSize(3).injectNull(0.4),
                memory.injectNull(0.4),
                cpu.injectNull(0.4),
                Combinators.combine(Arbitraries.longs(), unknown(Pids.class)).as(Pids::new).injectNull(0.5),
                blockIo.injectNull(0.6),
                hugepage.list().ofMaxSize(2).injectNull(0.6),
                network.injectNull(0.7),
                Arbitraries.maps(text(), rdma).ofMaxSize(2).map(SpecArbitraries::ordered).injectNull(0.7),
                mapOf(List.of("memory.high", "cpu.weight", "io.max", "pids.max", "x.y.z"), 3, text()).injectNull(0.6),
                unknown(Resources.class));
    }

    static Arbitrary<IntelRdt> intelRdt() {
        return combine(p -> new IntelRdt(p.at(0), p.at(1), p.at(2), p.at(3), p.at(4), p.at(5)),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).injectNull(0.4),
                Arbitraries.of("L3:0=ff", "MB:0=50", "L2:0=f;1=f").list().ofMaxSize(2).injectNull(0.5),
                Arbitraries.of("L3:0=ffff0;1=3ff").injectNull(0.5),
                Arbitraries.integers().between(0, 100).map(n -> "MB:0=" + n).injectNull(0.5),
                Arbitraries.of(true, false).injectNull(0.5),
                unknown(IntelRdt.class));
    }

    static Arbitrary<Seccomp> seccomp() {
        Arbitrary<SyscallArg> arg = Combinators.combine(Arbitraries.longs().between(0, 5), uint64(),
                        uint64().injectNull(0.6), choice(SpecValidator.SECCOMP_OPERATORS),
                        unknown(SyscallArg.class))
                .as(SyscallArg::new);
        Arbitrary<Syscall> syscall = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').withChars('_', '6', '4').ofMinLength(1)
                                .ofMaxLength(16).list().ofMinSize(1).ofMaxSize(4),
                        choice(SpecValidator.SECCOMP_ACTIONS), uint32().injectNull(0.5),
                        arg.list().ofMaxSize(3).injectNull(0.5), unknown(Syscall.class))
                .as((names, action, errno, args, unknown) ->
                        new Syscall(names, action, takesErrno(action) ? errno : null, args, unknown));
        return combine(p -> {
                    String action = p.at(0);
                    List<Syscall> syscalls = p.at(6);
                    boolean notify = syscalls != null
                            && syscalls.stream().anyMatch(s -> s.action().equals("SCMP_ACT_NOTIFY"));
                    String listener = notify && p.at(4) == null ? "/run/listener.sock" : p.at(4);
                    return new Seccomp(action, takesErrno(action) ? p.at(1) : null, p.at(2), p.at(3), listener,
                            listener == null ? null : p.at(5), syscalls, p.at(7));
                },
                choice(SpecValidator.SECCOMP_ACTIONS).filter(a -> !a.equals("SCMP_ACT_NOTIFY")),
                uint32().injectNull(0.5),
                subsetList(SpecValidator.SECCOMP_ARCHS).injectNull(0.4),
                subsetList(SpecValidator.SECCOMP_FLAGS).injectNull(0.6),
                absolutePath().injectNull(0.7),
                text().injectNull(0.5),
                syscall.list().ofMaxSize(4).injectNull(0.2),
                unknown(Seccomp.class));
    }

    /** The actions that may carry an errno (config-linux.md). */
    static boolean takesErrno(String action) {
        return action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE");
    }

    // ---- values -----------------------------------------------------------------------------------------

    /**
     * Any string a document may hold, including quotes, backslashes, controls and non-ASCII (whole code points
     * only); not NUL, which the binder refuses (the strings become C strings).
     */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(10),
                Arbitraries.strings().withCharRange('\u0001', '\u00ff').withChars("\u2028\u3042\ufeff").ofMaxLength(8));
    }

    static Arbitrary<String> absolutePath() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("._-0").ofMinLength(1).ofMaxLength(6)
                .list().ofMaxSize(3).map(segments -> "/" + String.join("/", segments));
    }

    static Arbitrary<List<String>> environment() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1)
                .ofMaxLength(8);
        return Combinators.combine(name, text()).as((n, v) -> n + "=" + v).list().ofMaxSize(4);
    }

    static Arbitrary<String> cpuList() {
        Arbitrary<String> item = Combinators.combine(Arbitraries.integers().between(0, 63),
                        Arbitraries.integers().between(0, 8).injectNull(0.5))
                .as((first, span) -> span == null ? "" + first : first + "-" + (first + span));
        return item.list().ofMinSize(1).ofMaxSize(3).map(items -> String.join(",", items));
    }

    static Arbitrary<String> interfaceName() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789").ofMinLength(1).ofMaxLength(15);
    }

    /** Unsigned 32-bit values (0 and 4294967295 are among the edge cases). */
    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    /** Unsigned 64-bit values as their bits: half of them above 2^63-1 (negative as longs). */
    static Arbitrary<Long> uint64() {
        return Arbitraries.longs();
    }

    /** One of a set's values; sorted first, so that a seed gives the same values in every JVM. */
    static Arbitrary<String> choice(Set<String> values) {
        return Arbitraries.of(values.stream().sorted().toList());
    }

    /** Up to {@code max} distinct values in any order (a shuffled prefix: no rejected tries). */
    static <T> Arbitrary<List<T>> distinct(List<T> values, int max) {
        return Combinators.combine(Arbitraries.shuffle(values), Arbitraries.integers().between(0, max))
                .as((shuffled, size) -> List.copyOf(shuffled.subList(0, size)));
    }

    /**
     * Up to {@code max} of {@code values} in any order, each made into an element with a generated part
     * (zipped rather than flat-mapped: jqwik recomputes edge cases for every flat-mapped arbitrary).
     */
    static <T, P, E> Arbitrary<List<E>> each(List<T> values, int max, Arbitrary<P> part, BiFunction<T, P, E> make) {
        return Combinators.combine(distinct(values, max), part.list().ofSize(max)).as((chosen, parts) -> {
            List<E> elements = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                elements.add(make.apply(chosen.get(i), parts.get(i)));
            }
            return List.copyOf(elements);
        });
    }

    /** A map with up to {@code max} of the given keys. */
    static <V> Arbitrary<Map<String, V>> mapOf(List<String> keys, int max, Arbitrary<V> values) {
        return each(keys, max, values, Map::entry).map(entries -> {
            Map<String, V> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

    static <T> Arbitrary<List<T>> subsetList(Set<T> values) {
        List<T> sorted = values.stream().sorted().toList();
        return Arbitraries.subsetOf(sorted).map(s -> sorted.stream().filter(s::contains).toList());
    }

    // ---- unknown fields ---------------------------------------------------------------------------------

    /**
     * Fields a record does not model: names that are none of its components' JSON names (and not another
     * platform's section, which the schema would check), some with '/' and '~', valued by any JSON as the
     * reader produces it.
     */
    static Arbitrary<UnknownFields> unknown(Class<? extends Record> type) {
        Set<String> known = Arrays.stream(type.getRecordComponents()).map(SpecArbitraries::jsonName)
                .collect(Collectors.toSet());
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> "x" + s),
                Arbitraries.of("org.example/key", "a~b", "~1", "vendor.io/x~y"));
        Arbitrary<UnknownFields> some = Arbitraries.maps(name.filter(n -> !known.contains(n)), JSON).ofMinSize(1)
                .ofMaxSize(3).map(values -> new UnknownFields(ordered(values)));
        // Mostly none, as in real documents (and generating them is what costs); null is NONE to the records.
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(UnknownFields.NONE)),
                Tuple.of(1, Arbitraries.just(null)), Tuple.of(1, some));
    }

    private static String jsonName(RecordComponent c) {
        var json = c.getAnnotation(Json.class);
        return json == null || json.value().isEmpty() ? c.getName() : json.value();
    }

    private static final Arbitrary<Object> JSON = json(2);

    /** JSON values as {@link JsonTree} reads them: Long, BigInteger only beyond 64 bits, exact BigDecimals. */
    static Arbitrary<Object> json(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                text().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.TEN.pow(30))
                        .map(b -> (Object) b.add(BigInteger.valueOf(Long.MAX_VALUE))),
                Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(),
                                BigInteger.TEN.pow(25)), Arbitraries.of(-3, -1, 1, 2, 17, 400))
                        .as((unscaled, scale) -> (Object) new BigDecimal(unscaled, scale)),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(JsonTree.NULL));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(1, json(depth - 1).list().ofMaxSize(3).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(4), json(depth - 1))
                        .ofMaxSize(3).map(m -> (Object) ordered(m))));
    }

    // ---- combining many parts ---------------------------------------------------------------------------

    /** The generated values of {@link #combine}'s parts, taken by position with the type the use needs. */
    record Parts(List<Object> values) {
        @SuppressWarnings("unchecked")
        <T> T at(int index) {
            return (T) values.get(index);
        }
    }

    /** Combines any number of arbitraries (jqwik's typed combinators stop at eight). */
    @SuppressWarnings("unchecked")
    static <R> Arbitrary<R> combine(Function<Parts, R> make, Arbitrary<?>... parts) {
        List<Arbitrary<Object>> list = new ArrayList<>();
        for (Arbitrary<?> part : parts) {
            list.add((Arbitrary<Object>) part);
        }
        return Combinators.combine(list).as(values -> make.apply(new Parts(values)));
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return new LinkedHashMap<>(map);
    }
}
