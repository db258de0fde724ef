package io.hako.cgroups.v2.internal;

/**
 * Runs a device program on one access as the kernel would, for the instructions {@link DeviceFilter} emits. It
 * decodes the encoded numbers itself (so the encoding is checked too), and treats as errors what the verifier
 * would refuse or the program should never do: an opcode outside that set, a read of an unset register, a load
 * from anything but the context, a backward or out-of-range jump, running off the end, a verdict other than 0
 * or 1.
 */
final class BpfInterpreter {
    private BpfInterpreter() {}

    /** The verdict, 1 (allow) or 0 (deny), for a device of {@code type} asked for {@code access}. */
    static int run(long[] program, int type, int access, long major, long minor) {
        long[] context = {(type | (long) access << 16) & 0xffff_ffffL, major, minor};
        long[] registers = new long[11];
        boolean[] set = new boolean[11];
        boolean[] isContext = new boolean[11];
        set[1] = true;
        isContext[1] = true;
        int pc = 0;
        while (true) {
            if (pc < 0 || pc >= program.length) {
                throw new IllegalStateException("ran off the program at " + pc);
            }
            long insn = program[pc];
            int opcode = (int) (insn & 0xff);
            int dst = (int) (insn >>> 8) & 0xf;
            int src = (int) (insn >>> 12) & 0xf;
            short offset = (short) (insn >>> 16);
            int imm = (int) (insn >>> 32);
            String where = "instruction " + pc + " (0x" + Long.toHexString(insn) + ")";
            pc++;
            switch (opcode) {
                case 0x61 -> { // dst = *(u32 *)(src + offset)
                    require(isContext[src], where + ": a load from r" + src + ", which is not the context");
                    require(offset >= 0 && offset <= 8 && offset % 4 == 0, where + ": context offset " + offset);
                    registers[dst] = context[offset / 4];
                    set[dst] = true;
                    isContext[dst] = false;
                }
                case 0x54 -> { // w_dst &= imm
                    read(set, isContext, dst, where);
                    registers[dst] = (registers[dst] & imm) & 0xffff_ffffL;
                }
                case 0x74 -> { // w_dst >>= imm
                    read(set, isContext, dst, where);
                    require(imm >= 0 && imm < 32, where + ": shift by " + imm);
                    registers[dst] = ((int) registers[dst] >>> imm) & 0xffff_ffffL;
                }
                case 0xb4 -> { // w_dst = imm
                    registers[dst] = imm & 0xffff_ffffL;
                    set[dst] = true;
                    isContext[dst] = false;
                }
                case 0xbc -> { // w_dst = w_src
                    read(set, isContext, src, where);
                    registers[dst] = registers[src] & 0xffff_ffffL;
                    set[dst] = true;
                    isContext[dst] = false;
                }
                case 0x15, 0x55, 0x5d -> { // if dst ==/!= imm or src goto +offset
                    read(set, isContext, dst, where);
                    long operand;
                    if (opcode == 0x5d) {
                        read(set, isContext, src, where);
                        operand = registers[src];
                    } else {
                        operand = imm; // sign-extended to 64 bits, as the kernel does
                    }
                    require(offset >= 0, where + ": a backward jump");
                    boolean equal = registers[dst] == operand;
                    if (opcode == 0x15 ? equal : !equal) {
                        pc += offset;
                    }
                }
                case 0x95 -> {
                    require(set[0], where + ": exit with r0 unset");
                    require(registers[0] == 0 || registers[0] == 1, where + ": verdict " + registers[0]);
                    return (int) registers[0];
                }
                default -> throw new IllegalStateException(where + ": opcode 0x" + Integer.toHexString(opcode)
                        + " is not one the device filter emits");
            }
        }
    }

    private static void read(boolean[] set, boolean[] isContext, int register, String where) {
        require(set[register], where + ": r" + register + " is read unset");
        require(!isContext[register], where + ": arithmetic on the context pointer r" + register);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
