package io.hako.sys;

import io.hako.sys.internal.Native;
import io.hako.sys.internal.Nr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * eBPF device programs for cgroup v2 ({@code bpf(2)}). cgroup v2 has no devices files: a
 * {@code BPF_PROG_TYPE_CGROUP_DEVICE} program attached to a cgroup decides every device access (open, mknod) of
 * the processes in it and below it. This class does only what that needs: load such a program, attach it to a
 * cgroup directory with {@code BPF_F_ALLOW_MULTI} (every program attached there and above runs, and all must
 * allow), list the programs attached to a cgroup, and detach one.
 *
 * <p>An instruction is a {@code struct bpf_insn} as a 64-bit number: the opcode in bits 0-7, the destination
 * register in bits 8-11, the source register in bits 12-15, the signed offset in bits 16-31 and the signed
 * immediate in bits 32-63. That is the struct's eight bytes read in little-endian order, the order of both
 * architectures hako supports.
 *
 * <p>Everything here needs {@code CAP_SYS_ADMIN} (or {@code CAP_BPF} with {@code CAP_NET_ADMIN}); before Linux
 * 5.11, loading also counts against {@code RLIMIT_MEMLOCK}, and a small limit fails with EPERM.
 */
public final class Bpf {
    /** {@code BPF_PROG_TYPE_CGROUP_DEVICE}. */
    public static final int PROG_TYPE_CGROUP_DEVICE = 15;
    /** The longest program name, without its NUL ({@code BPF_OBJ_NAME_LEN} - 1). */
    public static final int MAX_NAME_LENGTH = 15;

    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_DETACH = 9;
    private static final int BPF_PROG_GET_FD_BY_ID = 13;
    private static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    private static final int BPF_PROG_QUERY = 16;
    /** The attach type {@code BPF_CGROUP_DEVICE}. */
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int BPF_F_ALLOW_MULTI = 2;
    private static final int ENOSPC = 28;
    /** Enough for the verifier's account of a program of a few thousand instructions. */
    private static final int LOG_SIZE = 1 << 20;
    /** How much of the verifier's log an error message keeps: its end, where the reason is. */
    private static final int LOG_TAIL = 2000;
    private static final ValueLayout.OfLong INSN = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Bpf() {}

    /**
     * What the kernel says of a loaded program.
     *
     * @param type its {@code BPF_PROG_TYPE_*}
     * @param id its system-wide id, for {@link #programById}
     * @param name the name it was loaded with
     */
    public record ProgramInfo(int type, int id, String name) {}

    /**
     * Loads a device program and returns its descriptor (close-on-exec); the program lives while a descriptor
     * or an attachment holds it. A program the verifier refuses fails with the end of the verifier's log among
     * the exception's subjects.
     *
     * @param name up to {@link #MAX_NAME_LENGTH} letters, digits, {@code _} or {@code .}, shown by
     *     {@link #info} (and bpftool) so that an owner can find its programs again
     * @param instructions the program, one instruction a number (see the class comment)
     * @param license what the kernel checks for GPL-only helpers, {@code MODULE_LICENSE}'s string
     * @return the program's descriptor, the caller's to close
     * @throws SysException if BPF_PROG_LOAD fails: EPERM without the privileges (or, before 5.11, with too small
     *     an {@code RLIMIT_MEMLOCK}), EACCES or EINVAL with the verifier's log when it refuses the program
     */
    public static Fd loadCgroupDeviceProgram(String name, long[] instructions, String license) throws SysException {
        checkName(name);
        if (instructions.length == 0) {
            throw new IllegalArgumentException("a BPF program needs at least one instruction");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(8L * instructions.length, 8);
            for (int i = 0; i < instructions.length; i++) {
                insns.setAtIndex(INSN, i, instructions[i]);
            }
            // union bpf_attr for BPF_PROG_LOAD, up to prog_name: prog_type, insn_cnt, insns, license,
            // log_level, log_size, log_buf, kern_version, prog_flags, prog_name[16].
            MemorySegment attr = arena.allocate(64, 8);
            attr.set(ValueLayout.JAVA_INT, 0, PROG_TYPE_CGROUP_DEVICE);
            attr.set(ValueLayout.JAVA_INT, 4, instructions.length);
            attr.set(ValueLayout.JAVA_LONG, 8, insns.address());
            attr.set(ValueLayout.JAVA_LONG, 16, Sys.cstring(arena, license).address());
            MemorySegment.copy(name.getBytes(StandardCharsets.US_ASCII), 0, attr, ValueLayout.JAVA_BYTE, 48,
                    name.length());
            try {
                return Fd.adopt((int) bpf("bpf(BPF_PROG_LOAD)", BPF_PROG_LOAD, attr, name));
            } catch (SysException e) {
                if (e.errno() != Errno.EACCES && e.errno() != Errno.EINVAL) {
                    throw e;
                }
                // The verifier explains a refusal only when asked for a log: load again with one.
                MemorySegment log = arena.allocate(LOG_SIZE);
                attr.set(ValueLayout.JAVA_INT, 24, 1);
                attr.set(ValueLayout.JAVA_INT, 28, LOG_SIZE);
                attr.set(ValueLayout.JAVA_LONG, 32, log.address());
                try {
                    return Fd.adopt((int) bpf("bpf(BPF_PROG_LOAD)", BPF_PROG_LOAD, attr, name));
                } catch (SysException again) {
                    String text = log.getString(0, StandardCharsets.US_ASCII).strip();
                    if (text.isEmpty()) {
                        throw again;
                    }
                    if (text.length() > LOG_TAIL) {
                        text = "..." + text.substring(text.length() - LOG_TAIL);
                    }
                    throw new SysException("bpf(BPF_PROG_LOAD)", again.errno(), name, "verifier: " + text);
                }
            }
        }
    }

    /**
     * Attaches a device program to a cgroup (a descriptor of its directory) with {@code BPF_F_ALLOW_MULTI}:
     * beside the programs already there, which keep running.
     *
     * @param cgroup a descriptor of the cgroup's directory (opened {@code O_RDONLY | O_DIRECTORY})
     * @param program a device program from {@link #loadCgroupDeviceProgram} or {@link #programById}
     * @throws SysException if BPF_PROG_ATTACH fails (EPERM without the privileges, E2BIG past the kernel's limit
     *     of programs on one cgroup)
     */
    public static void attachCgroupDevice(Fd cgroup, Fd program) throws SysException {
        attachOrDetach("bpf(BPF_PROG_ATTACH)", BPF_PROG_ATTACH, cgroup, program, BPF_F_ALLOW_MULTI);
    }

    /**
     * Detaches a device program from a cgroup it was attached to.
     *
     * @param cgroup a descriptor of the cgroup's directory
     * @param program the program, as attached (from {@link #programById} for one another process attached)
     * @throws SysException if BPF_PROG_DETACH fails (ENOENT if the program is not attached there)
     */
    public static void detachCgroupDevice(Fd cgroup, Fd program) throws SysException {
        attachOrDetach("bpf(BPF_PROG_DETACH)", BPF_PROG_DETACH, cgroup, program, 0);
    }

    private static void attachOrDetach(String call, int command, Fd cgroup, Fd program, int flags)
            throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            // target_fd, attach_bpf_fd, attach_type, attach_flags
            MemorySegment attr = arena.allocate(16, 8);
            attr.set(ValueLayout.JAVA_INT, 0, cgroup.number());
            attr.set(ValueLayout.JAVA_INT, 4, program.number());
            attr.set(ValueLayout.JAVA_INT, 8, BPF_CGROUP_DEVICE);
            attr.set(ValueLayout.JAVA_INT, 12, flags);
            bpf(call, command, attr);
        }
    }

    /**
     * The ids of the device programs attached to this cgroup itself (not those of its ancestors, which also
     * run), in the order they run.
     *
     * @param cgroup a descriptor of the cgroup's directory
     * @return the programs' ids, for {@link #programById}; empty when none is attached
     * @throws SysException if BPF_PROG_QUERY fails
     */
    public static List<Integer> cgroupDevicePrograms(Fd cgroup) throws SysException {
        int capacity = 64; // the kernel's limit of programs on one cgroup and attach type, today
        for (int attempt = 0; ; attempt++) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment ids = arena.allocate(4L * capacity, 4);
                // target_fd, attach_type, query_flags, attach_flags (out), prog_ids, prog_cnt (in and out)
                MemorySegment attr = arena.allocate(32, 8);
                attr.set(ValueLayout.JAVA_INT, 0, cgroup.number());
                attr.set(ValueLayout.JAVA_INT, 4, BPF_CGROUP_DEVICE);
                attr.set(ValueLayout.JAVA_LONG, 16, ids.address());
                attr.set(ValueLayout.JAVA_INT, 24, capacity);
                try {
                    bpf("bpf(BPF_PROG_QUERY)", BPF_PROG_QUERY, attr);
                } catch (SysException e) {
                    // ENOSPC: more are attached than there was room for, and prog_cnt says how many.
                    if (e.errno() != ENOSPC || attempt >= 3) {
                        throw e;
                    }
                    capacity = Math.max(capacity, attr.get(ValueLayout.JAVA_INT, 24)) + 16;
                    continue;
                }
                int count = attr.get(ValueLayout.JAVA_INT, 24);
                List<Integer> result = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    result.add(ids.getAtIndex(ValueLayout.JAVA_INT, i));
                }
                return result;
            }
        }
    }

    /**
     * Opens the loaded program with this id.
     *
     * @param id the program's system-wide id, from {@link #cgroupDevicePrograms} or {@link ProgramInfo#id}
     * @return a descriptor of the program (close-on-exec), the caller's to close
     * @throws SysException if BPF_PROG_GET_FD_BY_ID fails, with the id: ENOENT once the program is gone
     */
    public static Fd programById(int id) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            // prog_id, next_id, open_flags
            MemorySegment attr = arena.allocate(12, 4);
            attr.set(ValueLayout.JAVA_INT, 0, id);
            return Fd.adopt((int) bpf("bpf(BPF_PROG_GET_FD_BY_ID)", BPF_PROG_GET_FD_BY_ID, attr,
                    Integer.toString(id)));
        }
    }

    /**
     * What the kernel says of a loaded program.
     *
     * @param program the program's descriptor
     * @return its type, id and name
     * @throws SysException if BPF_OBJ_GET_INFO_BY_FD fails
     */
    public static ProgramInfo info(Fd program) throws SysException {
        try (Arena arena = Arena.ofConfined()) {
            // struct bpf_prog_info up to name[16]: type at 0, id at 4, name at 64.
            int infoLength = 80;
            MemorySegment info = arena.allocate(infoLength, 8);
            // bpf_fd, info_len, info
            MemorySegment attr = arena.allocate(16, 8);
            attr.set(ValueLayout.JAVA_INT, 0, program.number());
            attr.set(ValueLayout.JAVA_INT, 4, infoLength);
            attr.set(ValueLayout.JAVA_LONG, 8, info.address());
            bpf("bpf(BPF_OBJ_GET_INFO_BY_FD)", BPF_OBJ_GET_INFO_BY_FD, attr);
            byte[] name = info.asSlice(64, MAX_NAME_LENGTH + 1).toArray(ValueLayout.JAVA_BYTE);
            int length = 0;
            while (length < name.length && name[length] != 0) {
                length++;
            }
            return new ProgramInfo(info.get(ValueLayout.JAVA_INT, 0), info.get(ValueLayout.JAVA_INT, 4),
                    new String(name, 0, length, StandardCharsets.US_ASCII));
        }
    }

    /** The kernel takes names of letters, digits, '_' and '.', and refuses others with EINVAL. */
    private static void checkName(String name) {
        if (name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || c == '_' || c == '.'))) {
            throw new IllegalArgumentException("a BPF program name has at most " + MAX_NAME_LENGTH
                    + " letters, digits, '_' or '.': \"" + name + "\"");
        }
    }

    private static long bpf(String call, int command, MemorySegment attr, String... subjects) throws SysException {
        return Native.syscall(call, Nr.BPF, command, attr.address(), attr.byteSize(), subjects);
    }
}
