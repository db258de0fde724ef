package io.hako.cgroups.v2.internal;

import static io.hako.cgroups.v2.internal.DeviceFilter.ACC_MKNOD;
import static io.hako.cgroups.v2.internal.DeviceFilter.ACC_READ;
import static io.hako.cgroups.v2.internal.DeviceFilter.ACC_WRITE;
import static io.hako.cgroups.v2.internal.DeviceFilter.DEV_BLOCK;
import static io.hako.cgroups.v2.internal.DeviceFilter.DEV_CHAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.cgroups.CgroupException;
import io.hako.oci.config.DeviceRule;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The device program, run in {@link BpfInterpreter} and compared with the rules read directly: for each right
 * asked for, the last rule that matches the device and names the right decides, and no rule means deny.
 */
class DeviceFilterTest {
    @org.junit.jupiter.api.Test
    void aProgramThatWouldRefuseNothingOrIsInAUserNamespaceMayBeDoneWithout() {
        var allowAll = List.of(new DeviceRule(true, "a", null, null, "rwm", null));
        var denyAll = List.of(new DeviceRule(false, "a", null, null, "rwm", null));
        var readOnly = List.of(new DeviceRule(true, "c", 1L, 3L, "r", null));
        org.junit.jupiter.api.Assertions.assertTrue(DeviceFilter.canSkipLoadError(allowAll, false));
        org.junit.jupiter.api.Assertions.assertFalse(DeviceFilter.canSkipLoadError(denyAll, false));
        org.junit.jupiter.api.Assertions.assertFalse(DeviceFilter.canSkipLoadError(readOnly, false));
        org.junit.jupiter.api.Assertions.assertTrue(DeviceFilter.canSkipLoadError(denyAll, true));
    }

    private static final int ALL = ACC_READ | ACC_WRITE | ACC_MKNOD;

    private static DeviceRule rule(boolean allow, String type, Long major, Long minor, String access) {
        return new DeviceRule(allow, type, major, minor, access, null);
    }

    private static int run(List<DeviceRule> rules, int type, long major, long minor, int access) throws Exception {
        return BpfInterpreter.run(BpfInsn.encode(DeviceFilter.compile(rules)), type, access, major, minor);
    }

    /** The rules read directly, without the compiler: what the program must decide. */
    static boolean reference(List<DeviceRule> rules, int type, long major, long minor, int access) {
        if (access == 0) {
            return false;
        }
        for (int right : new int[] {ACC_READ, ACC_WRITE, ACC_MKNOD}) {
            if ((access & right) == 0) {
                continue;
            }
            boolean allowed = false;
            for (DeviceRule rule : rules) {
                String ruleType = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
                boolean matches = switch (ruleType) {
                    case "a" -> true;
                    case "b", "c" -> type == (ruleType.equals("b") ? DEV_BLOCK : DEV_CHAR)
                            && (rule.major() == null || rule.major() < 0 || rule.major() == major)
                            && (rule.minor() == null || rule.minor() < 0 || rule.minor() == minor);
                    default -> throw new IllegalArgumentException(ruleType);
                };
                String letters = ruleType.equals("a") || rule.access() == null || rule.access().isEmpty() ? "rwm"
                        : rule.access();
                char letter = right == ACC_READ ? 'r' : right == ACC_WRITE ? 'w' : 'm';
                if (matches && letters.indexOf(letter) >= 0) {
                    allowed = rule.allow();
                }
            }
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    @Test
    void anInstructionIsEncodedAsTheKernelLaysItOut() {
        assertEquals(0x0000_0001_0000_00b4L, new BpfInsn(0xb4, 0, 0, (short) 0, 1).encode(), "w0 = 1");
        assertEquals(0x0000_0003_0005_0455L, new BpfInsn(0x55, 4, 0, (short) 5, 3).encode(), "if r4 != 3 goto +5");
        assertEquals(0x0000_0000_0008_1561L, new BpfInsn(0x61, 5, 1, (short) 8, 0).encode(), "r5 = *(u32 *)(r1 + 8)");
        assertEquals(0xffff_fffe_0000_0354L, new BpfInsn(0x54, 3, 0, (short) 0, ~1).encode(), "w3 &= ~1");
        assertEquals(0x0000_0000_ffff_0015L, new BpfInsn(0x15, 0, 0, (short) -1, 0).encode(), "negative offset");
    }

    @Test
    void denyAllThenAllowOneCompilesToOneBlock() throws Exception {
        var program = DeviceFilter.compile(List.of(rule(false, "a", null, null, "rwm"),
                rule(true, "c", 1L, 3L, "rwm")));
        assertEquals(List.of(
                new BpfInsn(0x61, 2, 1, (short) 0, 0), // r2 = access_type
                new BpfInsn(0x54, 2, 0, (short) 0, 0xffff), // w2 &= 0xffff: the type
                new BpfInsn(0x61, 3, 1, (short) 0, 0), // r3 = access_type
                new BpfInsn(0x74, 3, 0, (short) 0, 16), // w3 >>= 16: the rights
                new BpfInsn(0x61, 4, 1, (short) 4, 0), // r4 = major
                new BpfInsn(0x61, 5, 1, (short) 8, 0), // r5 = minor
                new BpfInsn(0x55, 3, 0, (short) 2, 0), // no right asked for: deny
                new BpfInsn(0xb4, 0, 0, (short) 0, 0),
                new BpfInsn(0x95, 0, 0, (short) 0, 0),
                new BpfInsn(0x55, 2, 0, (short) 4, DEV_CHAR), // c 1:3 rwm
                new BpfInsn(0x55, 4, 0, (short) 3, 1),
                new BpfInsn(0x55, 5, 0, (short) 2, 3),
                new BpfInsn(0xb4, 0, 0, (short) 0, 1),
                new BpfInsn(0x95, 0, 0, (short) 0, 0),
                new BpfInsn(0xb4, 0, 0, (short) 0, 0), // deny all
                new BpfInsn(0x95, 0, 0, (short) 0, 0)), program);
    }

    @Test
    void rulesBeforeAnAllDevicesRuleAreNotCompiled() throws Exception {
        var withDeadRules = DeviceFilter.compile(List.of(rule(true, "c", 1L, 3L, "r"), rule(true, "b", 8L, null, "w"),
                rule(false, null, null, null, null)));
        var alone = DeviceFilter.compile(List.of(rule(false, "a", null, null, "rwm")));
        assertEquals(alone, withDeadRules);
        assertEquals(11, alone.size());
    }

    @Test
    void aContainersUsualListAllowsItsDevicesAndDeniesTheRest() throws Exception {
        List<DeviceRule> rules = List.of(rule(false, "a", null, null, "rwm"), rule(true, "c", null, null, "m"),
                rule(true, "b", null, null, "m"), rule(true, "c", 1L, 3L, "rwm"), rule(true, "c", 1L, 5L, "rwm"),
                rule(true, "c", 136L, null, "rwm"), rule(true, "c", 10L, 200L, "rwm"));
        assertEquals(1, run(rules, DEV_CHAR, 1, 3, ACC_READ | ACC_WRITE), "/dev/null");
        assertEquals(1, run(rules, DEV_CHAR, 136, 7, ACC_READ | ACC_WRITE), "a pty");
        assertEquals(1, run(rules, DEV_CHAR, 42, 42, ACC_MKNOD), "mknod of any char device");
        assertEquals(0, run(rules, DEV_CHAR, 42, 42, ACC_READ), "but not its use");
        assertEquals(0, run(rules, DEV_CHAR, 42, 42, ACC_MKNOD | ACC_READ), "nor both at once");
        assertEquals(0, run(rules, DEV_BLOCK, 8, 0, ACC_READ), "/dev/sda");
        assertEquals(0, run(rules, DEV_BLOCK, 1, 3, ACC_READ), "the type counts");
    }

    @Test
    void allowAllThenDenyOneRightDeniesEveryAccessThatAsksForIt() throws Exception {
        List<DeviceRule> rules = List.of(rule(true, "a", null, null, "rwm"), rule(false, "c", 1L, 3L, "r"));
        assertEquals(0, run(rules, DEV_CHAR, 1, 3, ACC_READ));
        assertEquals(0, run(rules, DEV_CHAR, 1, 3, ACC_READ | ACC_WRITE), "read and write together (open O_RDWR)");
        assertEquals(1, run(rules, DEV_CHAR, 1, 3, ACC_WRITE));
        assertEquals(1, run(rules, DEV_CHAR, 1, 5, ACC_READ));
    }

    @Test
    void theLastRuleThatNamesARightDecidesIt() throws Exception {
        List<DeviceRule> rules = List.of(rule(false, "a", null, null, null), rule(true, "c", 1L, null, "rw"),
                rule(false, "c", 1L, 3L, "w"), rule(true, "c", 1L, 3L, "w"), rule(false, "c", null, 3L, "r"));
        assertEquals(1, run(rules, DEV_CHAR, 1, 3, ACC_WRITE), "allowed again after the deny");
        assertEquals(0, run(rules, DEV_CHAR, 1, 3, ACC_READ), "denied by the last rule, a wildcard");
        assertEquals(1, run(rules, DEV_CHAR, 1, 4, ACC_READ | ACC_WRITE));
        assertEquals(0, run(rules, DEV_CHAR, 1, 4, ACC_MKNOD), "no rule names mknod but the first");
    }

    @Test
    void anAllDevicesRuleStandsForEveryDeviceAndRightWhateverElseItSays() throws Exception {
        List<DeviceRule> rules = List.of(rule(false, "a", null, null, "rwm"), rule(true, "a", 1L, 3L, "r"));
        assertEquals(1, run(rules, DEV_BLOCK, 8, 0, ACC_WRITE | ACC_MKNOD));
    }

    @Test
    void numbersAboveTwoToThe31AreComparedUnsigned() throws Exception {
        List<DeviceRule> rules = List.of(rule(true, "c", 0xffff_ffffL, 0x8000_0000L, "rwm"));
        assertEquals(1, run(rules, DEV_CHAR, 0xffff_ffffL, 0x8000_0000L, ACC_READ));
        assertEquals(0, run(rules, DEV_CHAR, 0x7fff_ffffL, 0x8000_0000L, ACC_READ));
    }

    @Test
    void noRightAskedForIsDenied() throws Exception {
        assertEquals(0, run(List.of(rule(true, "a", null, null, null)), DEV_CHAR, 1, 3, 0));
    }

    @Test
    void aBadRuleIsAnErrorThatNamesIt() {
        var type = assertThrows(CgroupException.class,
                () -> DeviceFilter.compile(List.of(rule(true, "c", 1L, 3L, "r"), rule(true, "p", null, null, "r"))));
        assertEquals("/linux/resources/devices/1/type: \"p\" is not a device rule's type (a, b or c)",
                type.getMessage());
        var access = assertThrows(CgroupException.class,
                () -> DeviceFilter.compile(List.of(rule(true, "c", 1L, 3L, "rx"))));
        assertEquals("/linux/resources/devices/0/access: \"rx\" has 'x'; access is made of r, w and m",
                access.getMessage());
        var major = assertThrows(CgroupException.class,
                () -> DeviceFilter.compile(List.of(rule(true, "b", 1L << 32, 0L, "r"))));
        assertTrue(major.getMessage().startsWith("/linux/resources/devices/0/major: 4294967296 "),
                major.getMessage());
    }

    private static final List<Long> NUMBERS = List.of(0L, 1L, 3L, 5L, 136L, 0x7fff_ffffL, 0x8000_0000L,
            0xffff_ffffL);

    @Provide
    Arbitrary<List<DeviceRule>> ruleLists() {
        Arbitrary<Long> numbers = Arbitraries.oneOf(Arbitraries.of(NUMBERS), Arbitraries.just(-1L))
                .injectNull(0.3);
        Arbitrary<String> types = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of("b", "c")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("a", "")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        Arbitrary<String> access = Arbitraries.of("r", "w", "m", "rw", "rm", "wm", "rwm", "mwr", "rr", "")
                .injectNull(0.1);
        return Combinators.combine(Arbitraries.of(true, false), types, numbers, numbers, access)
                .as(DeviceFilterTest::rule).list().ofMaxSize(10);
    }

    /** An access: type, major, minor, rights (never none: the kernel always asks for one). */
    record Access(int type, long major, long minor, int rights) {}

    @Provide
    Arbitrary<List<Access>> accesses() {
        Arbitrary<Long> numbers = Arbitraries.oneOf(Arbitraries.of(NUMBERS),
                Arbitraries.longs().between(0, 0xffff_ffffL));
        return Combinators.combine(Arbitraries.of(DEV_BLOCK, DEV_CHAR), numbers, numbers,
                Arbitraries.integers().between(1, ALL)).as(Access::new).list().ofMinSize(1).ofMaxSize(24);
    }

    @Property(tries = 2000)
    void theProgramDecidesAsTheRulesSay(@ForAll("ruleLists") List<DeviceRule> rules,
            @ForAll("accesses") List<Access> accesses) throws Exception {
        long[] program = BpfInsn.encode(DeviceFilter.compile(rules));
        for (Access a : accesses) {
            boolean expected = reference(rules, a.type(), a.major(), a.minor(), a.rights());
            assertEquals(expected ? 1 : 0, BpfInterpreter.run(program, a.type(), a.rights(), a.major(), a.minor()),
                    () -> a + " under " + rules);
        }
        // And the accesses the rules themselves name, which random ones rarely hit.
        List<Access> named = new ArrayList<>();
        for (DeviceRule rule : rules) {
            long major = rule.major() == null || rule.major() < 0 ? 7 : rule.major();
            long minor = rule.minor() == null || rule.minor() < 0 ? 9 : rule.minor();
            for (int rights = 1; rights <= ALL; rights++) {
                named.add(new Access("b".equals(rule.type()) ? DEV_BLOCK : DEV_CHAR, major, minor, rights));
            }
        }
        for (Access a : named) {
            boolean expected = reference(rules, a.type(), a.major(), a.minor(), a.rights());
            assertEquals(expected ? 1 : 0, BpfInterpreter.run(program, a.type(), a.rights(), a.major(), a.minor()),
                    () -> a + " under " + rules);
        }
    }

    @Property
    void everyJumpStaysInsideTheProgramAndGoesForward(@ForAll("ruleLists") List<DeviceRule> rules) throws Exception {
        List<BpfInsn> program = DeviceFilter.compile(rules);
        for (int i = 0; i < program.size(); i++) {
            BpfInsn insn = program.get(i);
            if ((insn.opcode() & 0x07) == 0x05 && insn.opcode() != 0x95) {
                assertTrue(insn.offset() >= 0 && i + 1 + insn.offset() < program.size(), i + ": " + insn);
            }
        }
        BpfInsn last = program.getLast();
        assertEquals(0x95, last.opcode(), "the program ends with exit");
    }

    @Property
    void aRightNoRuleNamesIsDenied(@ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1) Integer> noise,
            @ForAll @IntRange(min = 1, max = 7) int rights) throws Exception {
        // Rules that only name other devices leave every right undecided.
        List<DeviceRule> rules = new ArrayList<>();
        for (int allow : noise) {
            rules.add(rule(allow == 1, "c", 99L, null, "rwm"));
        }
        assertEquals(0, run(rules, DEV_CHAR, 1, 3, rights));
    }
}
