package io.hako.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hako.oci.config.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of the modules and the choice by name, with providers made here in every order the loader could give. */
class SecurityModulesTest {
    /** A module that labels nothing. */
    record Fake(String name, int priority) implements SecurityModule {
        @Override
        public boolean isEnabled() {
            return true;
        }

        @Override
        public Optional<ExecLabel> execLabel(Spec spec) {
            return Optional.empty();
        }

        @Override
        public Optional<String> mountOption(Spec spec) {
            return Optional.empty();
        }
    }

    /** Like {@link Fake}, another class with the default priority. */
    record Unprioritised(String name) implements SecurityModule {
        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public Optional<ExecLabel> execLabel(Spec spec) {
            return Optional.empty();
        }

        @Override
        public Optional<String> mountOption(Spec spec) {
            return Optional.empty();
        }
    }

    private static final SecurityModule HIGH = new Fake("zeta", 500);
    private static final SecurityModule APPARMOR_LIKE = new Fake("apparmor", 100);
    private static final SecurityModule SELINUX_LIKE = new Fake("selinux", 100);
    private static final SecurityModule DEFAULT_FAKE = new Fake("other", SecurityModule.DEFAULT_PRIORITY);
    private static final SecurityModule DEFAULT_OTHER_CLASS = new Unprioritised("other");

    /** Every order of {@code items}. */
    static <T> List<List<T>> permutations(List<T> items) {
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
    void higherPriorityFirstThenNameThenClassWhateverTheLoadersOrder() {
        List<SecurityModule> expected = List.of(HIGH, APPARMOR_LIKE, SELINUX_LIKE, DEFAULT_FAKE, DEFAULT_OTHER_CLASS);
        List<List<SecurityModule>> orders = permutations(expected);
        assertEquals(120, orders.size());
        for (List<SecurityModule> found : orders) {
            assertEquals(expected, SecurityModules.ordered(found), "found in the order " + found);
        }
    }

    @Test
    void aProviderThatSaysNoPriorityComesAfterTheBuiltIns() {
        assertEquals(0, new Unprioritised("x").priority());
        assertEquals(List.of(APPARMOR_LIKE, DEFAULT_OTHER_CLASS),
                SecurityModules.ordered(List.of(DEFAULT_OTHER_CLASS, APPARMOR_LIKE)));
    }

    @Test
    void namedFindsTheOneAskedFor() throws SecurityModuleException {
        List<SecurityModule> modules = SecurityModules.ordered(List.of(SELINUX_LIKE, HIGH, APPARMOR_LIKE));
        assertSame(SELINUX_LIKE, SecurityModules.named("selinux", modules));
        assertSame(APPARMOR_LIKE, SecurityModules.named("apparmor", modules));
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheModulesThereAre() {
        List<SecurityModule> modules = SecurityModules.ordered(List.of(SELINUX_LIKE, APPARMOR_LIKE));
        var e = assertThrows(SecurityModuleException.class, () -> SecurityModules.named("smack", modules));
        assertEquals("no security module \"smack\" in this build: it has apparmor, selinux", e.getMessage());
        assertEquals(null, e.pointer());
        var none = assertThrows(SecurityModuleException.class, () -> SecurityModules.named("apparmor", List.of()));
        assertEquals("no security module \"apparmor\" in this build: it has none", none.getMessage());
    }

    @Test
    void theSpiAloneHasNoModule() {
        // The drivers are modules of their own; this module's tests have none of them.
        assertEquals(List.of(), SecurityModules.all());
        assertThrows(SecurityModuleException.class, () -> SecurityModules.named("apparmor"));
    }
}
