package io.hako.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** runc's rootless rules (shouldHonorXDGRuntimeDir, shouldUseRootlessCgroupManager) as hako decides them. */
class RootlessTest {
    private static final Map<String, String> XDG = Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "USER", "alice");

    @Test
    void theHostsRootKeepsRunHakoWhateverItsEnvironment() {
        assertEquals(Optional.empty(), Rootless.runtimeDirRoot(Map.of("XDG_RUNTIME_DIR", "/run/user/0"), 0, false));
        assertEquals(Optional.empty(), Rootless.runtimeDirRoot(XDG, 0, false));
    }

    @Test
    void aUserGetsItsRuntimeDir() {
        assertEquals(Optional.of(Path.of("/run/user/1000/hako")), Rootless.runtimeDirRoot(XDG, 1000, false));
        assertEquals(Optional.of(Path.of("/run/user/1000/hako")), Rootless.runtimeDirRoot(XDG, 1000, true));
    }

    @Test
    void rootInAUserNamespaceGetsTheRuntimeDirUnlessUserIsRoot() {
        assertEquals(Optional.of(Path.of("/run/user/1000/hako")), Rootless.runtimeDirRoot(XDG, 0, true));
        Map<String, String> noUser = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");
        assertEquals(Optional.of(Path.of("/run/user/1000/hako")), Rootless.runtimeDirRoot(noUser, 0, true));
        Map<String, String> userRoot = Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "USER", "root");
        assertEquals(Optional.empty(), Rootless.runtimeDirRoot(userRoot, 0, true));
    }

    @Test
    void noRuntimeDirMeansRunHako() {
        assertEquals(Optional.empty(), Rootless.runtimeDirRoot(Map.of("USER", "alice"), 1000, false));
        assertEquals(Optional.empty(), Rootless.runtimeDirRoot(Map.of("XDG_RUNTIME_DIR", ""), 1000, true));
    }

    @Property
    void theRuntimeDirIsHonouredExactlyByRunc(@ForAll @LongRange(max = 70000) long euid, @ForAll boolean inUserNamespace,
            @ForAll boolean hasRuntimeDir, @ForAll boolean emptyRuntimeDir, @ForAll boolean userIsRoot,
            @ForAll boolean hasUser) {
        Map<String, String> env = new HashMap<>();
        if (hasRuntimeDir) {
            env.put("XDG_RUNTIME_DIR", emptyRuntimeDir ? "" : "/run/user/7");
        }
        if (hasUser) {
            env.put("USER", userIsRoot ? "root" : "someone");
        }
        // runc's shouldHonorXDGRuntimeDir, step by step.
        boolean runc;
        if (!hasRuntimeDir || emptyRuntimeDir) {
            runc = false;
        } else if (euid != 0) {
            runc = true;
        } else if (!inUserNamespace) {
            runc = false;
        } else {
            runc = !hasUser || !userIsRoot;
        }
        assertEquals(runc ? Optional.of(Path.of("/run/user/7/hako")) : Optional.empty(),
                Rootless.runtimeDirRoot(env, euid, inUserNamespace));
    }

    @Test
    void anExplicitFlagWins() {
        assertTrue(Rootless.ignoresCgroupPermissionErrors(true, 0, false, false));
        assertFalse(Rootless.ignoresCgroupPermissionErrors(false, 1000, true, false));
    }

    @Test
    void autoIgnoresForAUserAndForRootInAUserNamespaceWithCgroupfs() {
        assertTrue(Rootless.ignoresCgroupPermissionErrors(null, 1000, false, false));
        assertTrue(Rootless.ignoresCgroupPermissionErrors(null, 1000, false, true));
        assertFalse(Rootless.ignoresCgroupPermissionErrors(null, 0, false, false));
        assertFalse(Rootless.ignoresCgroupPermissionErrors(null, 0, false, true));
        assertTrue(Rootless.ignoresCgroupPermissionErrors(null, 0, true, false));
        assertFalse(Rootless.ignoresCgroupPermissionErrors(null, 0, true, true));
    }
}
