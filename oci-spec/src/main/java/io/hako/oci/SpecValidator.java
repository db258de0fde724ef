package io.hako.oci;

import io.hako.oci.config.Device;
import io.hako.oci.config.DeviceRule;
import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.IdMapping;
import io.hako.oci.config.Linux;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Namespace;
import io.hako.oci.config.NamespaceType;
import io.hako.oci.config.Process;
import io.hako.oci.config.Resources;
import io.hako.oci.config.Rlimit;
import io.hako.oci.config.Seccomp;
import io.hako.oci.config.Spec;
import io.hako.oci.config.Syscall;
import io.hako.oci.config.SyscallArg;
import io.hako.oci.internal.Binder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a configuration against the rules of runtime-spec {@code config.md} and {@code config-linux.md} that
 * can be checked before anything runs: required values, absolute paths, the values a field may take,
 * consistency between sections (a hostname needs a UTS namespace, id mappings need a user namespace, a
 * sysctl needs the namespace it belongs to). Type and range errors are already caught when reading (see
 * {@link OciJson}). What depends on the host (a capability this kernel lacks, a missing file) is for the
 * runtime to check when it plans the container. Capability names are not checked: config.md has the runtime log
 * a capability it cannot grant rather than fail, and runc skips a name it does not know with a warning.
 *
 * <p>A pure function: the same spec always gives the same violations, in document order.
 */
public final class SpecValidator {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    private static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    private static final Pattern HUGEPAGE_SIZE = Pattern.compile("[1-9][0-9]*[KMG]B");

    /** Every capability the kernel defines up to Linux 6.x (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40). */
    public static final List<String> KNOWN_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** The resource limits of {@code getrlimit(2)}, in Linux's numbering: a name's index is its RLIMIT_* number. */
    public static final List<String> RLIMITS = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA",
            "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK",
            "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO",
            "RLIMIT_RTTIME");

    /**
     * The schema's four values, their recursive forms and "" (no change): runc and crun accept all of them, and
     * bundles written by other tools (crun's, Docker's for volumes with propagation) use the r-forms.
     */
    static final Set<String> ROOTFS_PROPAGATIONS = Set.of("", "private", "rprivate", "shared", "rshared", "slave",
            "rslave", "unbindable", "runbindable");
    static final Set<String> IO_PRIORITY_CLASSES = Set.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE");
    static final Set<String> SCHEDULER_POLICIES = Set.of("SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
            "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE");
    static final Set<String> SCHEDULER_FLAGS = Set.of("SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
            "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
            "SCHED_FLAG_UTIL_CLAMP_MAX");
    static final Set<String> SECCOMP_ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",
            "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    static final Set<String> SECCOMP_OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    static final Set<String> SECCOMP_FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
    static final Set<String> SECCOMP_ARCHS = Set.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
            "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_MIPS",
            "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
            "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390",
            "SCMP_ARCH_S390X", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
            "SCMP_ARCH_RISCV64");
    static final Set<String> MEMORY_POLICY_MODES = Set.of("MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE",
            "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED", "MPOL_PREFERRED_MANY", "MPOL_LOCAL");
    static final Set<String> MEMORY_POLICY_FLAGS = Set.of("MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES",
            "MPOL_F_STATIC_NODES");
    static final Set<String> PERSONALITY_DOMAINS = Set.of("LINUX", "LINUX32");
    static final Set<String> FREEBSD_SHARING = Set.of("new", "inherit", "disable");
    static final Set<String> FREEBSD_SHARING_NO_DISABLE = Set.of("new", "inherit");

    /** Sysctls the kernel scopes to the IPC namespace, besides the {@code fs.mqueue.} prefix. */
    private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private SpecValidator() {}

    /**
     * {@return the violations of {@code spec}, in document order; empty when it is valid}
     *
     * @param spec the configuration to check
     */
    public static List<Violation> validate(Spec spec) {
        var v = new Checker();
        if (!SEMVER.matcher(spec.ociVersion()).matches()) {
            v.add("/ociVersion", "\"" + spec.ociVersion() + "\" is not a SemVer 2.0.0 version");
        }
        if (spec.root() == null && spec.unknown().get("windows") == null) {
            v.add("/root", "required on every platform but Windows");
        }
        if (spec.process() != null) {
            process(v, spec.process(), spec.linux() != null);
        }
        if (spec.mounts() != null) {
            boolean userNamespace = spec.linux() != null && spec.linux().namespaces() != null
                    && spec.linux().namespaces().stream().anyMatch(ns -> ns.type() == NamespaceType.USER);
            for (int i = 0; i < spec.mounts().size(); i++) {
                mount(v, spec.mounts().get(i), "/mounts/" + i, userNamespace);
            }
        }
        if (spec.hooks() != null) {
            hooks(v, spec.hooks());
        }
        if (spec.annotations() != null && spec.annotations().containsKey("")) {
            v.add("/annotations", "keys must not be empty");
        }
        if (spec.linux() != null) {
            linux(v, spec, spec.linux());
        }
        otherPlatforms(v, spec.unknown());
        return v.violations;
    }

    /** The kernel's limit on one argument or environment string, its NUL included ({@code MAX_ARG_STRLEN}). */
    static final int MAX_ARGUMENT_BYTES = 32 * 4096;
    /** The kernel's limit on a hostname or domain name ({@code __NEW_UTS_LEN}). */
    static final int MAX_UTS_NAME_BYTES = 64;

    /** A value quoted for a message, cut short: a message is one line, whatever the document holds. */
    private static String quoted(String value) {
        return "\"" + (value.length() <= 60 ? value : value.substring(0, 60) + "...") + "\"";
    }

    /** An argument execve(2) would refuse with E2BIG, refused first, by its pointer. */
    private static void argumentLength(Checker v, String pointer, String value) {
        // A char is at most 3 bytes of UTF-8 (a surrogate pair, 2 chars, is 4): measure only what may be long.
        if (value.length() * 3L >= MAX_ARGUMENT_BYTES) {
            int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes >= MAX_ARGUMENT_BYTES) {
                v.add(pointer, "is " + bytes + " bytes, and the kernel takes at most " + (MAX_ARGUMENT_BYTES - 1)
                        + " in one argument or environment string");
            }
        }
    }

    /** A hostname or domain name sethostname(2) or setdomainname(2) would refuse with EINVAL. */
    private static void nameLength(Checker v, String pointer, String name) {
        if (name != null && name.length() * 3L > MAX_UTS_NAME_BYTES) {
            int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_UTS_NAME_BYTES) {
                v.add(pointer, "is " + bytes + " bytes, and the kernel takes at most " + MAX_UTS_NAME_BYTES);
            }
        }
    }

    // ---- process ----------------------------------------------------------------------------------------

    private static void process(Checker v, Process p, boolean linux) {
        if (!p.cwd().startsWith("/")) {
            v.add("/process/cwd", "must be an absolute path, got " + quoted(p.cwd()));
        }
        if (p.commandLine() == null && (p.args() == null || p.args().isEmpty())) {
            v.add("/process/args", "must have at least one entry");
        }
        if (p.args() != null) {
            for (int i = 0; i < p.args().size(); i++) {
                argumentLength(v, "/process/args/" + i, p.args().get(i));
            }
        }
        if (p.env() != null) {
            for (int i = 0; i < p.env().size(); i++) {
                String entry = p.env().get(i);
                if (entry.indexOf('=') <= 0) {
                    v.add("/process/env/" + i, "must be NAME=value, got " + quoted(entry));
                }
                argumentLength(v, "/process/env/" + i, entry);
            }
        }
        if (p.user() != null && linux) {
            if (p.user().uid() == null) {
                v.add("/process/user/uid", "required on Linux");
            }
            if (p.user().gid() == null) {
                v.add("/process/user/gid", "required on Linux");
            }
        }
        if (p.rlimits() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < p.rlimits().size(); i++) {
                Rlimit r = p.rlimits().get(i);
                String at = "/process/rlimits/" + i;
                if (!RLIMITS.contains(r.type())) {
                    v.add(at + "/type", "unknown resource limit \"" + r.type() + "\"");
                } else if (!seen.add(r.type())) {
                    v.add(at + "/type", "duplicate resource limit \"" + r.type() + "\"");
                }
                if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                    v.add(at + "/soft", "soft limit " + Long.toUnsignedString(r.soft())
                            + " is above the hard limit " + Long.toUnsignedString(r.hard()));
                }
            }
        }
        if (p.oomScoreAdj() != null && (p.oomScoreAdj() < -1000 || p.oomScoreAdj() > 1000)) {
            v.add("/process/oomScoreAdj", "must be between -1000 and 1000, got " + p.oomScoreAdj());
        }
        if (p.ioPriority() != null) {
            if (!IO_PRIORITY_CLASSES.contains(p.ioPriority().ioClass())) {
                v.add("/process/ioPriority/class", unknown("I/O priority class", p.ioPriority().ioClass()));
            }
            Integer prio = p.ioPriority().priority();
            if (prio == null) {
                v.add("/process/ioPriority/priority", "required field is missing");
            } else if (prio < 0 || prio > 7) {
                v.add("/process/ioPriority/priority", "must be between 0 and 7, got " + prio);
            }
        }
        if (p.scheduler() != null) {
            var s = p.scheduler();
            if (!SCHEDULER_POLICIES.contains(s.policy())) {
                v.add("/process/scheduler/policy", unknown("scheduler policy", s.policy()));
            }
            if (s.nice() != null && (s.nice() < -20 || s.nice() > 19)) {
                v.add("/process/scheduler/nice", "must be between -20 and 19, got " + s.nice());
            }
            v.eachIn(s.flags(), "/process/scheduler/flags", SCHEDULER_FLAGS, "scheduler flag");
        }
        if (p.execCPUAffinity() != null) {
            v.cpuList(p.execCPUAffinity().initial(), "/process/execCPUAffinity/initial");
            v.cpuList(p.execCPUAffinity().finalCpus(), "/process/execCPUAffinity/final");
        }
    }

    // ---- mounts and hooks -------------------------------------------------------------------------------

    private static void mount(Checker v, Mount m, String at, boolean userNamespace) {
        // Relative destinations are deprecated (config.md); hako refuses them rather than guess.
        v.absolute(m.destination(), at + "/destination");
        if (m.options() != null && m.uidMappings() == null && m.gidMappings() == null && !userNamespace) {
            for (int i = 0; i < m.options().size(); i++) {
                String option = m.options().get(i);
                if (option.equals("idmap") || option.equals("ridmap")) {
                    v.add(at + "/options/" + i, option + " needs uidMappings and gidMappings or a user namespace");
                }
            }
        }
        if ((m.uidMappings() == null) != (m.gidMappings() == null)) {
            v.add(at, "uidMappings and gidMappings must be given together");
        }
        v.idMappings(m.uidMappings(), at + "/uidMappings");
        v.idMappings(m.gidMappings(), at + "/gidMappings");
    }

    private static void hooks(Checker v, Hooks hooks) {
        hookList(v, hooks.prestart(), "prestart");
        hookList(v, hooks.createRuntime(), "createRuntime");
        hookList(v, hooks.createContainer(), "createContainer");
        hookList(v, hooks.startContainer(), "startContainer");
        hookList(v, hooks.poststart(), "poststart");
        hookList(v, hooks.poststop(), "poststop");
    }

    private static void hookList(Checker v, List<Hook> hooks, String kind) {
        if (hooks == null) {
            return;
        }
        for (int i = 0; i < hooks.size(); i++) {
            Hook h = hooks.get(i);
            String at = "/hooks/" + kind + "/" + i;
            v.absolute(h.path(), at + "/path");
            if (h.timeout() != null && h.timeout() <= 0) {
                v.add(at + "/timeout", "must be greater than zero, got " + h.timeout());
            }
        }
    }

    // ---- linux ------------------------------------------------------------------------------------------

    private static void linux(Checker v, Spec spec, Linux linux) {
        Map<NamespaceType, Namespace> namespaces = new EnumMap<>(NamespaceType.class);
        if (linux.namespaces() != null) {
            for (int i = 0; i < linux.namespaces().size(); i++) {
                Namespace ns = linux.namespaces().get(i);
                String at = "/linux/namespaces/" + i;
                if (namespaces.putIfAbsent(ns.type(), ns) != null) {
                    v.add(at + "/type", "duplicate namespace \"" + ns.type() + "\"");
                }
                if (ns.path() != null) {
                    v.absolute(ns.path(), at + "/path");
                }
            }
        }
        // Mappings are optional for a new user namespace (crun maps the caller itself) and may come with the path
        // of one to join (containerd and CRI-O write both for Kubernetes pods): what is checked is only that they
        // have a user namespace to describe.
        boolean mapped = linux.uidMappings() != null || linux.gidMappings() != null;
        if (mapped && !namespaces.containsKey(NamespaceType.USER)) {
            v.add(linux.uidMappings() != null ? "/linux/uidMappings" : "/linux/gidMappings",
                    "id mappings need a user namespace");
        }
        v.idMappings(linux.uidMappings(), "/linux/uidMappings");
        v.idMappings(linux.gidMappings(), "/linux/gidMappings");

        if (linux.timeOffsets() != null) {
            Namespace time = namespaces.get(NamespaceType.TIME);
            if (time == null || time.path() != null) {
                v.add("/linux/timeOffsets", "time offsets need a new time namespace");
            }
        }
        boolean ownUts = namespaces.containsKey(NamespaceType.UTS);
        nameLength(v, "/hostname", spec.hostname());
        nameLength(v, "/domainname", spec.domainname());
        if (spec.hostname() != null && !spec.hostname().isEmpty() && !ownUts) {
            v.add("/hostname", "setting the hostname needs a UTS namespace");
        }
        if (spec.domainname() != null && !spec.domainname().isEmpty() && !ownUts) {
            v.add("/domainname", "setting the domainname needs a UTS namespace");
        }
        if (linux.sysctl() != null) {
            for (Map.Entry<String, String> sysctl : linux.sysctl().entrySet()) {
                String key = sysctl.getKey();
                String problem = sysctlProblem(key, sysctl.getValue(), spec.domainname(), namespaces);
                if (problem != null) {
                    v.add("/linux/sysctl/" + Binder.escape(key), problem);
                }
            }
        }
        if (linux.devices() != null) {
            for (int i = 0; i < linux.devices().size(); i++) {
                device(v, linux.devices().get(i), "/linux/devices/" + i);
            }
        }
        if (linux.netDevices() != null) {
            // Whether a network namespace exists to move them into is the runtime's check: the spec's own
            // examples list netDevices without one.
            for (var entry : linux.netDevices().entrySet()) {
                String at = "/linux/netDevices/" + Binder.escape(entry.getKey());
                v.interfaceName(entry.getKey(), at);
                if (entry.getValue().name() != null) {
                    v.interfaceName(entry.getValue().name(), at + "/name");
                }
            }
        }
        if (linux.resources() != null) {
            resources(v, linux.resources());
        }
        if (linux.rootfsPropagation() != null && !ROOTFS_PROPAGATIONS.contains(linux.rootfsPropagation())) {
            v.add("/linux/rootfsPropagation", unknown("propagation", linux.rootfsPropagation()));
        }
        v.absolutePaths(linux.maskedPaths(), "/linux/maskedPaths");
        v.absolutePaths(linux.readonlyPaths(), "/linux/readonlyPaths");
        if (linux.seccomp() != null) {
            seccomp(v, linux.seccomp());
        }
        if (linux.personality() != null && linux.personality().domain() != null
                && !PERSONALITY_DOMAINS.contains(linux.personality().domain())) {
            v.add("/linux/personality/domain", unknown("personality domain", linux.personality().domain()));
        }
        if (linux.memoryPolicy() != null) {
            var mp = linux.memoryPolicy();
            if (mp.mode() == null) {
                v.add("/linux/memoryPolicy/mode", "required field is missing");
            } else if (!MEMORY_POLICY_MODES.contains(mp.mode())) {
                v.add("/linux/memoryPolicy/mode", unknown("memory policy mode", mp.mode()));
            }
            v.cpuList(mp.nodes(), "/linux/memoryPolicy/nodes");
            v.eachIn(mp.flags(), "/linux/memoryPolicy/flags", MEMORY_POLICY_FLAGS, "memory policy flag");
        }
        if (linux.intelRdt() != null) {
            var rdt = linux.intelRdt();
            if (rdt.memBwSchema() != null && !rdt.memBwSchema().matches("MB:[^\\n]*")) {
                v.add("/linux/intelRdt/memBwSchema", "must start with \"MB:\" and be one line");
            }
            String clos = rdt.closId();
            // "/" is the default class (the resctrl root); any other name is one directory under it.
            if (clos != null && !clos.equals("/") && (clos.isEmpty() || clos.equals(".") || clos.equals("..")
                    || clos.contains("/"))) {
                v.add("/linux/intelRdt/closID", "\"" + clos + "\" is not a valid resctrl group name");
            }
            if (rdt.schemata() != null) {
                for (int i = 0; i < rdt.schemata().size(); i++) {
                    if (rdt.schemata().get(i).indexOf('\n') >= 0) {
                        v.add("/linux/intelRdt/schemata/" + i, "must not contain a newline");
                    }
                }
            }
        }
    }

    /** Why a sysctl may not be set in this container, or null when it may. */
    private static String sysctlProblem(String key, String value, String domainname,
            Map<NamespaceType, Namespace> namespaces) {
        String k = key.replace('/', '.');
        if (IPC_SYSCTLS.contains(k) || k.startsWith("fs.mqueue.")) {
            return namespaces.containsKey(NamespaceType.IPC) ? null : "needs an IPC namespace";
        }
        if (k.startsWith("net.")) {
            return namespaces.containsKey(NamespaceType.NETWORK) ? null : "needs a network namespace";
        }
        if (k.equals("kernel.hostname") || k.equals("kernel.domainname")) {
            if (!namespaces.containsKey(NamespaceType.UTS)) {
                return "needs a UTS namespace";
            }
            // runc's rule and words: kernel.hostname always conflicts with the hostname field; kernel.domainname
            // only with a domainname that says otherwise (the same value twice is one setting).
            String field = k.equals("kernel.hostname") ? "hostname" : "domainname";
            boolean conflicts = field.equals("hostname")
                    || domainname != null && !domainname.isEmpty() && !domainname.equals(value);
            return conflicts ? "is not allowed as it conflicts with the OCI \"" + field + "\" field" : null;
        }
        return "is not namespaced: setting it in a container would change the host";
    }

    private static void device(Checker v, Device d, String at) {
        v.absolute(d.path(), at + "/path");
        switch (d.type()) {
            case "c", "b", "u" -> {
                if (d.major() == null) {
                    v.add(at + "/major", "required for a device of type \"" + d.type() + "\"");
                }
                if (d.minor() == null) {
                    v.add(at + "/minor", "required for a device of type \"" + d.type() + "\"");
                }
            }
            case "p" -> { }
            default -> v.add(at + "/type", "must be one of c, b, u or p, got " + quoted(d.type()));
        }
        if (d.fileMode() != null && d.fileMode() < 0) {
            v.add(at + "/fileMode", "must not be negative, got " + d.fileMode());
        }
    }

    private static void resources(Checker v, Resources r) {
        if (r.devices() != null) {
            for (int i = 0; i < r.devices().size(); i++) {
                DeviceRule rule = r.devices().get(i);
                String at = "/linux/resources/devices/" + i;
                if (rule.type() != null && !Set.of("a", "b", "c").contains(rule.type())) {
                    v.add(at + "/type", "must be a, b or c, got " + quoted(rule.type()));
                }
                // Any other letter of access is no right, as runc reads it ("rwa" is "rw"): the runtime drops it.
            }
        }
        if (r.hugepageLimits() != null) {
            for (int i = 0; i < r.hugepageLimits().size(); i++) {
                String size = r.hugepageLimits().get(i).pageSize();
                if (!HUGEPAGE_SIZE.matcher(size).matches()) {
                    v.add("/linux/resources/hugepageLimits/" + i + "/pageSize",
                            "\"" + size + "\" is not a page size like 2MB or 1GB");
                }
            }
        }
        if (r.blockIO() != null && r.blockIO().weightDevice() != null) {
            for (int i = 0; i < r.blockIO().weightDevice().size(); i++) {
                var device = r.blockIO().weightDevice().get(i);
                if (device.weight() == null && device.leafWeight() == null) {
                    v.add("/linux/resources/blockIO/weightDevice/" + i, "needs a weight or a leafWeight");
                }
            }
        }
        if (r.rdma() != null) {
            r.rdma().forEach((device, limits) -> {
                if (limits.hcaHandles() == null && limits.hcaObjects() == null) {
                    v.add("/linux/resources/rdma/" + Binder.escape(device), "needs hcaHandles or hcaObjects");
                }
            });
        }
        if (r.cpu() != null) {
            v.cpuList(r.cpu().cpus(), "/linux/resources/cpu/cpus");
            v.cpuList(r.cpu().mems(), "/linux/resources/cpu/mems");
        }
        if (r.unified() != null) {
            for (String file : r.unified().keySet()) {
                if (file.isEmpty() || file.contains("/") || file.equals(".") || file.equals("..")) {
                    v.add("/linux/resources/unified/" + Binder.escape(file), "is not a cgroup file name");
                }
            }
        }
    }

    private static void seccomp(Checker v, Seccomp s) {
        boolean notify = false;
        if (!SECCOMP_ACTIONS.contains(s.defaultAction())) {
            v.add("/linux/seccomp/defaultAction", unknown("seccomp action", s.defaultAction()));
        } else if (s.defaultAction().equals("SCMP_ACT_NOTIFY")) {
            v.add("/linux/seccomp/defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
        }
        if (s.defaultErrnoRet() != null && !s.defaultAction().equals("SCMP_ACT_ERRNO")
                && !s.defaultAction().equals("SCMP_ACT_TRACE")) {
            v.add("/linux/seccomp/defaultErrnoRet", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
        }
        if (s.listenerMetadata() != null && (s.listenerPath() == null || s.listenerPath().isEmpty())) {
            v.add("/linux/seccomp/listenerMetadata", "needs a listenerPath");
        }
        v.eachIn(s.architectures(), "/linux/seccomp/architectures", SECCOMP_ARCHS, "seccomp architecture");
        v.eachIn(s.flags(), "/linux/seccomp/flags", SECCOMP_FLAGS, "seccomp flag");
        if (s.syscalls() != null) {
            for (int i = 0; i < s.syscalls().size(); i++) {
                Syscall rule = s.syscalls().get(i);
                String at = "/linux/seccomp/syscalls/" + i;
                if (rule.names().isEmpty()) {
                    v.add(at + "/names", "must name at least one syscall");
                }
                if (!SECCOMP_ACTIONS.contains(rule.action())) {
                    v.add(at + "/action", unknown("seccomp action", rule.action()));
                }
                notify |= rule.action().equals("SCMP_ACT_NOTIFY");
                if (rule.errnoRet() != null && !rule.action().equals("SCMP_ACT_ERRNO")
                        && !rule.action().equals("SCMP_ACT_TRACE")) {
                    v.add(at + "/errnoRet", "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take an errno");
                }
                if (rule.args() != null) {
                    for (int j = 0; j < rule.args().size(); j++) {
                        SyscallArg arg = rule.args().get(j);
                        if (arg.index() > 5) {
                            v.add(at + "/args/" + j + "/index", "syscalls have six arguments (0 to 5), got " + arg.index());
                        }
                        if (!SECCOMP_OPERATORS.contains(arg.op())) {
                            v.add(at + "/args/" + j + "/op", unknown("seccomp operator", arg.op()));
                        }
                    }
                }
            }
        }
        if (notify && (s.listenerPath() == null || s.listenerPath().isEmpty())) {
            v.add("/linux/seccomp/listenerPath", "required when a rule uses SCMP_ACT_NOTIFY");
        } else if (s.listenerPath() != null) {
            v.absolute(s.listenerPath(), "/linux/seccomp/listenerPath");
        }
    }

    // ---- other platforms --------------------------------------------------------------------------------

    /** hako runs Linux containers, but a FreeBSD section must still be well-formed to be a valid config. */
    private static void otherPlatforms(Checker v, UnknownFields unknown) {
        if (unknown.get("freebsd") instanceof Map<?, ?> freebsd && freebsd.get("jail") instanceof Map<?, ?> jail) {
            for (var entry : jail.entrySet()) {
                String key = (String) entry.getKey();
                Set<String> allowed = switch (key) {
                    case "host", "vnet" -> FREEBSD_SHARING_NO_DISABLE;
                    case "ip4", "ip6", "sysvmsg", "sysvsem", "sysvshm" -> FREEBSD_SHARING;
                    default -> null;
                };
                if (allowed != null && !allowed.contains(entry.getValue())) {
                    v.add("/freebsd/jail/" + key, "must be one of " + String.join(", ", allowed.stream().sorted().toList())
                            + ", got " + describe(entry.getValue()));
                }
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String unknown(String what, String value) {
        return "unknown " + what + " \"" + value + "\"";
    }

    /** Collects violations; the small shared checks live here. */
    private static final class Checker {
        final List<Violation> violations = new ArrayList<>();

        void add(String pointer, String message) {
            violations.add(new Violation(pointer, message));
        }

        void absolute(String path, String at) {
            if (!path.startsWith("/")) {
                add(at, "must be an absolute path, got " + quoted(path));
            }
        }

        void absolutePaths(List<String> paths, String at) {
            if (paths != null) {
                for (int i = 0; i < paths.size(); i++) {
                    absolute(paths.get(i), at + "/" + i);
                }
            }
        }

        void eachIn(List<String> values, String at, Set<String> allowed, String what) {
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (!allowed.contains(values.get(i))) {
                        add(at + "/" + i, unknown(what, values.get(i)));
                    }
                }
            }
        }

        void cpuList(String list, String at) {
            if (list != null && !list.isEmpty() && !CPU_LIST.matcher(list).matches()) {
                add(at, "\"" + list + "\" is not a list like 0-3,7");
            }
        }

        void interfaceName(String name, String at) {
            if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")
                    || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
                add(at, "\"" + name + "\" is not a valid network interface name");
            }
        }

        void idMappings(List<IdMapping> mappings, String at) {
            if (mappings == null) {
                return;
            }
            for (int i = 0; i < mappings.size(); i++) {
                IdMapping m = mappings.get(i);
                if (m.size() == 0) {
                    add(at + "/" + i + "/size", "must be at least 1");
                } else if (m.containerId() + m.size() > 0x1_0000_0000L || m.hostId() + m.size() > 0x1_0000_0000L) {
                    add(at + "/" + i + "/size", "the range goes past the last 32-bit id");
                }
                for (int j = 0; j < i; j++) {
                    IdMapping o = mappings.get(j);
                    if (overlap(m.containerId(), o.containerId(), m.size(), o.size())) {
                        add(at + "/" + i + "/containerID", "overlaps mapping " + j);
                    } else if (overlap(m.hostId(), o.hostId(), m.size(), o.size())) {
                        add(at + "/" + i + "/hostID", "overlaps mapping " + j);
                    }
                }
            }
        }

        private static boolean overlap(long a, long b, long sizeA, long sizeB) {
            return a < b + sizeB && b < a + sizeA;
        }
    }
}
