package io.hako.namespaces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UserNamespaceTest {
    @Test
    void onlyTheFullIdentityRangeIsTheInitialNamespace() {
        assertTrue(UserNamespace.isInitial("         0          0 4294967295\n"));
        assertFalse(UserNamespace.isInitial("         0       1000          1\n"), "unshare -r as a user");
        assertFalse(UserNamespace.isInitial("0 0 1\n"), "unshare -r as root");
        assertFalse(UserNamespace.isInitial("0 1000 1\n1 100000 65536\n"), "podman's rootless namespace");
        assertFalse(UserNamespace.isInitial(""), "a namespace whose map is not written yet");
    }

    @Property
    void anyOtherSingleRangeIsANestedNamespace(@ForAll @LongRange(max = 4294967295L) long inside,
            @ForAll @LongRange(max = 4294967295L) long outside, @ForAll @LongRange(min = 1, max = 4294967295L) long size) {
        boolean identity = inside == 0 && outside == 0 && size == 4294967295L;
        assertEquals(identity, UserNamespace.isInitial(inside + " " + outside + " " + size + "\n"));
    }

    @Test
    void aProcessInANewUserNamespaceIsInOne() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare(1) from util-linux");
        String map = new String(Files.readAllBytes(Path.of("/proc/self/uid_map")), StandardCharsets.US_ASCII);
        Process nested = new ProcessBuilder("/usr/bin/unshare", "--user", "--map-root-user", "cat",
                "/proc/self/uid_map").start();
        String nestedMap = new String(nested.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assumeTrue(nested.waitFor() == 0, "this host does not let this user make a user namespace");
        assertEquals(UserNamespace.isInitial(map), !UserNamespace.current());
        assertFalse(UserNamespace.isInitial(nestedMap));
    }
}
