package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hako.oci.config.Hook;
import io.hako.oci.config.Hooks;
import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks as runc 1.1.5 runs them, seen from the hooks themselves: the environment of one without {@code env} (the
 * runtime's own for those the runtime runs, the process's for the init's) and the working directory (the root
 * filesystem for createContainer).
 */
class HooksIT {
    private static final List<String> KINDS = List.of("prestart", "createRuntime", "createContainer",
            "startContainer", "poststart", "poststop");
    /**
     * What each hook writes: its working directory, then its environment without what sh itself sets, and without
     * the test's own switch between hako's cold and warm modes (HAKO_DAEMON, HAKO_DAEMON_SOCKET), which is in the
     * environment hako is called with and not in runc's.
     */
    private static final String SCRIPT = """
            #!/bin/sh
            { pwd; env | grep -v -e '^PWD=' -e '^OLDPWD=' -e '^SHLVL=' -e '^_=' -e '^HAKO_DAEMON' | sort; } > "$2/$1"
            """;
    /** Variables hako's launcher unsets before the JVM starts (they would make it print a notice). */
    private static final List<String> UNSET_BY_LAUNCHER = List.of("JAVA_TOOL_OPTIONS=", "JDK_JAVA_OPTIONS=",
            "_JAVA_OPTIONS=");

    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    /** Runs a bundle whose every hook has no env, under {@code runtime}; returns what each hook wrote. */
    private Map<String, List<String>> hooksOf(SideBySide.Runtime runtime, String id) throws IOException {
        Path out = Files.createDirectory(dir.resolve("out-" + runtime.name()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bundle = BusyboxBundle.make(dir, "true", spec -> {
            List<Mount> mounts = new ArrayList<>(spec.mounts());
            mounts.add(new Mount("/out", "bind", out.toString(), List.of("rbind", "rw"), null, null, null));
            Map<String, List<Hook>> hooks = new LinkedHashMap<>();
            for (String kind : KINDS) {
                // startContainer runs in the container, after the pivot: the script and /out are its own there.
                boolean inside = kind.equals("startContainer");
                hooks.put(kind, List.of(new Hook(inside ? "/hook.sh" : script.toString(),
                        List.of("hook.sh", kind, inside ? "/out" : out.toString()), null, null, null)));
            }
            return new Spec(spec.ociVersion(), spec.root(), spec.process(), spec.hostname(), spec.domainname(),
                    mounts, new Hooks(hooks.get("prestart"), hooks.get("createRuntime"), hooks.get("createContainer"),
                            hooks.get("startContainer"), hooks.get("poststart"), hooks.get("poststop"), null),
                    spec.annotations(), spec.linux(), spec.unknown());
        });
        Files.copy(script, bundle.resolve("rootfs/hook.sh"));
        Files.createDirectory(bundle.resolve("rootfs/out"));
        var run = runtime.call(bundle, "run", "--bundle", bundle.toString(), id);
        assertEquals(0, run.status(), run.toString());
        SideBySide.assertNothingLeft(runtime, bundle, id);
        Map<String, List<String>> written = new LinkedHashMap<>();
        for (String kind : KINDS) {
            List<String> lines = new ArrayList<>(Files.readAllLines(out.resolve(kind)));
            lines.removeIf(line -> UNSET_BY_LAUNCHER.stream().anyMatch(line::startsWith));
            // The bundles differ (one each): the working directory is compared by its place in the bundle.
            lines.set(0, lines.getFirst().replace(bundle.toRealPath().toString(), "BUNDLE"));
            written.put(kind, lines);
        }
        return written;
    }

    /** What each hook wrote under runc and under hako, by runtime name. */
    private Map<String, Map<String, List<String>>> bothRun() throws IOException {
        return Map.of("runc", hooksOf(both.runc(), "seccomp14-hooks-runc"), "hako",
                hooksOf(both.hako(), "seccomp14-hooks-hako"));
    }

    @Test
    void aHookWithoutEnvGetsTheRuntimesEnvironmentOrTheInitsOwn() throws IOException {
        var written = bothRun();
        for (String kind : KINDS) {
            List<String> runc = written.get("runc").get(kind);
            List<String> hako = written.get("hako").get(kind);
            assertEquals(runc.subList(1, runc.size()), hako.subList(1, hako.size()), kind);
        }
        Map<String, List<String>> hako = written.get("hako");
        // The runtime's own environment: the caller's, which PATH stands for.
        for (String kind : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            assertTrue(hako.get(kind).contains("PATH=" + System.getenv("PATH")), kind + ": " + hako.get(kind));
        }
        // The init's have the process's (the container's PATH), startContainer with the HOME found for it.
        assertTrue(hako.get("createContainer").contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin"
                + ":/bin"), hako.get("createContainer").toString());
        assertTrue(hako.get("startContainer").contains("HOME=/root"), hako.get("startContainer").toString());
    }

    @Test
    void createContainerHooksRunInTheRootFilesystem() throws IOException {
        var written = bothRun();
        for (String kind : KINDS) {
            assertEquals(written.get("runc").get(kind).getFirst(), written.get("hako").get(kind).getFirst(), kind);
        }
        assertEquals("BUNDLE/rootfs", written.get("hako").get("createContainer").getFirst());
        assertEquals("/", written.get("hako").get("startContainer").getFirst(), "the process's cwd, after the pivot");
    }
}
