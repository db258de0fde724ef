package io.hako.cgroups.v2.internal;

import java.util.List;

/**
 * One eBPF instruction ({@code struct bpf_insn}), as {@link DeviceFilter} emits it.
 *
 * @param opcode class, size or operation, and source bits ({@code 0x95} is exit)
 * @param dst destination register, 0-10
 * @param src source register, 0-10
 * @param offset a jump's distance from the next instruction, or a load's offset from its base register
 * @param imm the immediate operand
 */
record BpfInsn(int opcode, int dst, int src, short offset, int imm) {
    BpfInsn {
        if (opcode < 0 || opcode > 0xff || dst < 0 || dst > 10 || src < 0 || src > 10) {
            throw new IllegalArgumentException("not an instruction: opcode " + opcode + ", registers " + dst + ", "
                    + src);
        }
    }

    /** The instruction as {@link io.hako.sys.Bpf} takes it: the struct's bytes as a little-endian number. */
    long encode() {
        return opcode | (long) dst << 8 | (long) src << 12 | (offset & 0xffffL) << 16 | (long) imm << 32;
    }

    static long[] encode(List<BpfInsn> program) {
        long[] encoded = new long[program.size()];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = program.get(i).encode();
        }
        return encoded;
    }

    @Override
    public String toString() {
        return String.format("{0x%02x r%d r%d %+d %d}", opcode, dst, src, offset, imm);
    }
}
