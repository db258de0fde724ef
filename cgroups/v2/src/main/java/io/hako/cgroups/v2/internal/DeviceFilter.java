package io.hako.cgroups.v2.internal;

import io.hako.cgroups.CgroupException;
import io.hako.oci.config.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.resources.devices} compiled into a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program: a pure function
 * from the rules to instructions, which {@link V2Cgroup} loads and attaches (cgroup v2 has no devices files).
 *
 * <p>What the program decides. An access names a device (block or char, major, minor) and some of read, write
 * and mknod. Each of those rights is decided by the last rule that matches the device and names the right:
 * allowed if that rule allows, denied if it denies, and denied when no rule names it. The access is allowed when
 * every right it asks for is. A rule of type {@code a} (or none) stands for every device and every right,
 * whatever numbers and access it gives, as in cgroup v1 and runc: so a list that starts with "deny all" denies
 * what it does not allow later, and one that starts with "allow all" allows what it does not deny later.
 *
 * <p>How. The kernel passes {@code struct bpf_cgroup_dev_ctx}: {@code u32 access_type} (the device type in the
 * low 16 bits, the rights above them), {@code u32 major}, {@code u32 minor}. The program holds the rights not yet
 * decided in r3 and tests the rules from the last to the first: a matching deny that names an undecided right
 * denies; a matching allow decides the rights it names, and allows once none is left undecided. An {@code a}
 * rule decides everything left, so the rules before it are not compiled at all.
 */
final class DeviceFilter {
    /** The name hako's device programs are loaded with: how it recognises its own among those on a cgroup. */
    static final String PROGRAM_NAME = "hako_devices";
    /** The kernel checks the license only against GPL-only helpers, and the program calls no helper. */
    static final String LICENSE = "Apache-2.0";

    /** {@code BPF_DEVCG_DEV_*}: the device type in access_type's low 16 bits. */
    static final int DEV_BLOCK = 1;
    static final int DEV_CHAR = 2;
    /** {@code BPF_DEVCG_ACC_*}: the rights asked for, in access_type's high 16 bits. */
    static final int ACC_MKNOD = 1;
    static final int ACC_READ = 2;
    static final int ACC_WRITE = 4;
    static final int ACC_ALL = ACC_MKNOD | ACC_READ | ACC_WRITE;

    /** The opcodes the compiler emits: 32-bit loads, 32-bit ALU, 64-bit compares, exit. */
    static final int LDX_MEM_W = 0x61;
    static final int ALU32_AND_K = 0x54;
    static final int ALU32_RSH_K = 0x74;
    static final int ALU32_MOV_K = 0xb4;
    static final int ALU32_MOV_X = 0xbc;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JNE_K = 0x55;
    static final int JMP_JNE_X = 0x5d;
    static final int JMP_EXIT = 0x95;

    // r0 the verdict; r1 the context, then scratch; r2 type; r3 rights undecided; r4 major; r5 minor.
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int R2 = 2;
    private static final int R3 = 3;
    private static final int R4 = 4;
    private static final int R5 = 5;

    private DeviceFilter() {}

    /**
     * A rule with its defaults filled in.
     *
     * @param type {@link #DEV_BLOCK}, {@link #DEV_CHAR}, or 0 for every device (numbers and access then ignored)
     * @param major the major number, or -1 for any
     * @param minor the minor number, or -1 for any
     * @param access {@code ACC_*} bits, never 0
     */
    record Rule(boolean allow, int type, long major, long minor, int access) {}

    /**
     * The rules as the program reads them: a missing type is {@code a}, a missing or negative number is any,
     * missing access is {@code rwm}.
     *
     * @throws CgroupException naming the rule when its type, access or a number is not one a rule can have
     */
    static List<Rule> rules(List<DeviceRule> rules) throws CgroupException {
        List<Rule> result = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            DeviceRule rule = rules.get(i);
            String where = "/linux/resources/devices/" + i;
            int type = switch (rule.type() == null ? "" : rule.type()) {
                case "", "a" -> 0;
                case "b" -> DEV_BLOCK;
                case "c" -> DEV_CHAR;
                default -> throw new CgroupException(null, where + "/type: \"" + rule.type()
                        + "\" is not a device rule's type (a, b or c)");
            };
            int access = 0;
            String letters = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
            for (char letter : letters.toCharArray()) {
                access |= switch (letter) {
                    case 'r' -> ACC_READ;
                    case 'w' -> ACC_WRITE;
                    case 'm' -> ACC_MKNOD;
                    default -> throw new CgroupException(null, where + "/access: \"" + rule.access()
                            + "\" has '" + letter + "'; access is made of r, w and m");
                };
            }
            result.add(new Rule(rule.allow(), type, number(rule.major(), where + "/major"),
                    number(rule.minor(), where + "/minor"), access));
        }
        return result;
    }

    private static long number(Long value, String where) throws CgroupException {
        if (value == null || value < 0) {
            return -1;
        }
        if (value > 0xffff_ffffL) {
            throw new CgroupException(null, where + ": " + value + " is not a device number (they have 32 bits)");
        }
        return value;
    }

    /**
     * Whether a device program that cannot be loaded or attached may be done without, as runc decides: in a user
     * namespace (bpf(2) is the host's root's), or when every rule allows read, write and mknod (the program would
     * refuse nothing). Pure.
     */
    static boolean canSkipLoadError(List<DeviceRule> rules, boolean inUserNamespace) {
        if (inUserNamespace) {
            return true;
        }
        for (DeviceRule rule : rules) {
            String access = rule.access() == null ? "" : rule.access();
            if (!rule.allow() || !(access.contains("r") && access.contains("w") && access.contains("m"))) {
                return false;
            }
        }
        return true;
    }

    /** The program for {@code rules}, in the order the spec gives them. */
    static List<BpfInsn> compile(List<DeviceRule> rules) throws CgroupException {
        List<Rule> parsed = rules(rules);
        List<BpfInsn> program = new ArrayList<>(List.of(
                insn(LDX_MEM_W, R2, R1, 0, 0),
                insn(ALU32_AND_K, R2, 0, 0, 0xffff),
                insn(LDX_MEM_W, R3, R1, 0, 0),
                insn(ALU32_RSH_K, R3, 0, 0, 16),
                insn(LDX_MEM_W, R4, R1, 4, 0),
                insn(LDX_MEM_W, R5, R1, 8, 0),
                // An access that asks for no right is refused: the kernel always asks for one.
                insn(JMP_JNE_K, R3, 0, 2, 0),
                insn(ALU32_MOV_K, R0, 0, 0, 0),
                insn(JMP_EXIT, 0, 0, 0, 0)));
        for (int i = parsed.size() - 1; i >= 0; i--) {
            Rule rule = parsed.get(i);
            if (rule.type() == 0) {
                program.add(insn(ALU32_MOV_K, R0, 0, 0, rule.allow() ? 1 : 0));
                program.add(insn(JMP_EXIT, 0, 0, 0, 0));
                return program;
            }
            program.addAll(block(rule));
        }
        program.add(insn(ALU32_MOV_K, R0, 0, 0, 0));
        program.add(insn(JMP_EXIT, 0, 0, 0, 0));
        return program;
    }

    /** One rule's test; each failed condition jumps past the block, to the rule before it. */
    private static List<BpfInsn> block(Rule rule) {
        Block block = new Block();
        block.leaveIf(JMP_JNE_K, R2, 0, rule.type());
        matchNumber(block, R4, rule.major());
        matchNumber(block, R5, rule.minor());
        if (rule.access() == ACC_ALL) {
            // r3 is never empty here, and every right it can hold is decided by this rule.
            block.add(insn(ALU32_MOV_K, R0, 0, 0, rule.allow() ? 1 : 0));
        } else if (rule.allow()) {
            block.add(insn(ALU32_AND_K, R3, 0, 0, ~rule.access()));
            block.leaveIf(JMP_JNE_K, R3, 0, 0);
            block.add(insn(ALU32_MOV_K, R0, 0, 0, 1));
        } else {
            block.add(insn(ALU32_MOV_X, R1, R3, 0, 0));
            block.add(insn(ALU32_AND_K, R1, 0, 0, rule.access()));
            block.leaveIf(JMP_JEQ_K, R1, 0, 0);
            block.add(insn(ALU32_MOV_K, R0, 0, 0, 0));
        }
        block.add(insn(JMP_EXIT, 0, 0, 0, 0));
        return block.finish();
    }

    /**
     * Compares a register loaded from a u32 (so zero-extended) with a number: an immediate is sign-extended
     * to 64 bits, so numbers above 2^31 - 1 go through r1, where a 32-bit move zero-extends them too.
     */
    private static void matchNumber(Block block, int register, long number) {
        if (number < 0) {
            return;
        }
        if (number <= Integer.MAX_VALUE) {
            block.leaveIf(JMP_JNE_K, register, 0, (int) number);
        } else {
            block.add(insn(ALU32_MOV_K, R1, 0, 0, (int) number));
            block.leaveIf(JMP_JNE_X, register, R1, 0);
        }
    }

    private static BpfInsn insn(int opcode, int dst, int src, int offset, int imm) {
        return new BpfInsn(opcode, dst, src, (short) offset, imm);
    }

    /** A block's instructions, whose jumps all go to its end; their distances are known once it is complete. */
    private static final class Block {
        private final List<BpfInsn> insns = new ArrayList<>();
        private final List<Integer> jumps = new ArrayList<>();

        void add(BpfInsn insn) {
            insns.add(insn);
        }

        /** A jump past the block, taken when the comparison holds. */
        void leaveIf(int jumpOpcode, int dst, int src, int imm) {
            jumps.add(insns.size());
            insns.add(insn(jumpOpcode, dst, src, 0, imm));
        }

        List<BpfInsn> finish() {
            for (int index : jumps) {
                BpfInsn jump = insns.get(index);
                insns.set(index, insn(jump.opcode(), jump.dst(), jump.src(), insns.size() - 1 - index, jump.imm()));
            }
            return insns;
        }
    }
}
