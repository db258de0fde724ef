package io.hako.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Seccomp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The order of the compilers, the one {@code require} takes and the one {@code named} forces, with providers made
 * here in every order a loader could give; and the real providers of this build.
 */
class SeccompCompilersTest {
    /** A compiler that compiles nothing; an unavailable one says why as the contract asks. */
    record Fake(String name, int priority, boolean isAvailable) implements SeccompCompiler {
        @Override
        public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) throws SeccompException {
            throw new SeccompException(null, name + " compiles nothing");
        }

        @Override
        public SeccompSupport support() throws SeccompException {
            if (!isAvailable) {
                throw new SeccompException(null, "libfake.so.1 is missing; install the package libfake1");
            }
            return new SeccompSupport(List.of(), List.of(), List.of(), List.of(), "0.0.0");
        }
    }

    private static final SeccompCompiler FAST = new Fake("fast", 200, true);
    private static final SeccompCompiler BROKEN = new Fake("broken", 300, false);
    private static final SeccompCompiler LIBSECCOMP_LIKE = new Fake("libseccomp", 100, true);
    private static final SeccompCompiler PLAIN = new Fake("plain", SeccompCompiler.DEFAULT_PRIORITY, true);

    /** Every order of {@code items}. */
    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> one = new ArrayList<>();
                one.add(first);
                one.addAll(tail);
                all.add(one);
            }
        }
        return all;
    }

    @Test
    void theHighestAvailablePriorityWinsWhateverTheLoadersOrder() throws SeccompException {
        List<SeccompCompiler> expected = List.of(BROKEN, FAST, LIBSECCOMP_LIKE, PLAIN);
        for (List<SeccompCompiler> found : permutations(expected)) {
            List<SeccompCompiler> ordered = SeccompCompilers.ordered(found);
            assertEquals(expected, ordered, "found in the order " + found);
            assertSame(FAST, SeccompCompilers.require(ordered), "found in the order " + found);
        }
    }

    @Test
    void equalPrioritiesGoByName() {
        SeccompCompiler a = new Fake("a", 7, true);
        SeccompCompiler b = new Fake("b", 7, true);
        assertEquals(List.of(a, b), SeccompCompilers.ordered(List.of(b, a)));
    }

    @Test
    void aProviderThatSaysNoPriorityComesAfterTheBuiltIn() {
        assertEquals(0, new SeccompCompiler() {
            @Override
            public String name() {
                return "unprioritised";
            }

            @Override
            public boolean isAvailable() {
                return false;
            }

            @Override
            public SeccompProgram compile(Seccomp seccomp, Consumer<String> warnings) {
                throw new AssertionError();
            }

            @Override
            public SeccompSupport support() {
                throw new AssertionError();
            }
        }.priority());
    }

    @Test
    void noneAvailableIsTheMissingLibrarysError() {
        var e = assertThrows(SeccompException.class, () -> SeccompCompilers.require(List.of(BROKEN)));
        assertEquals("cannot compile a seccomp filter: libseccomp (libseccomp.so.2) is missing; install the Debian "
                + "package libseccomp2 (unavailable: broken)", e.getMessage());
        var none = assertThrows(SeccompException.class, () -> SeccompCompilers.require(List.of()));
        assertTrue(none.getMessage().endsWith("(no seccomp compiler is installed at all)"), none.getMessage());
    }

    @Test
    void namedForcesTheOneAskedForOverAHigherPriority() throws SeccompException {
        List<SeccompCompiler> compilers = SeccompCompilers.ordered(List.of(PLAIN, FAST, LIBSECCOMP_LIKE));
        assertSame(LIBSECCOMP_LIKE, SeccompCompilers.named("libseccomp", compilers));
        assertSame(PLAIN, SeccompCompilers.named("plain", compilers));
    }

    @Test
    void namedSaysWhichNamesThereAreOrWhyTheOneAskedForIsUnavailable() {
        List<SeccompCompiler> compilers = SeccompCompilers.ordered(List.of(LIBSECCOMP_LIKE, BROKEN));
        var unknown = assertThrows(SeccompException.class, () -> SeccompCompilers.named("libbpf", compilers));
        assertEquals("no seccomp compiler \"libbpf\" in this build: it has broken, libseccomp", unknown.getMessage());
        var unavailable = assertThrows(SeccompException.class, () -> SeccompCompilers.named("broken", compilers));
        assertEquals("seccomp compiler \"broken\" is not available on this host: libfake.so.1 is missing; install "
                + "the package libfake1", unavailable.getMessage());
        var none = assertThrows(SeccompException.class, () -> SeccompCompilers.named("libseccomp", List.of()));
        assertEquals("no seccomp compiler \"libseccomp\" in this build: it has none", none.getMessage());
    }

    @Test
    void thisBuildHasLibseccompFirst() throws SeccompException {
        List<SeccompCompiler> all = SeccompCompilers.all();
        assertEquals(List.of("libseccomp"), all.stream().map(SeccompCompiler::name).toList());
        assertEquals(100, all.getFirst().priority());
        assertEquals("libseccomp", SeccompCompilers.named("libseccomp").name());
        assertSame(SeccompCompilers.require().getClass(), all.getFirst().getClass());
    }
}
