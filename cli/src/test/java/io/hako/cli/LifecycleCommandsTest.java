package io.hako.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create, start, state, list, kill, delete and run through the command line, on real containers. */
class LifecycleCommandsTest {
    @TempDir
    Path dir;
    Path bundle;
    String root;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Hako.busyboxBundle(dir, "sh", "sleep", "echo");
        root = dir.resolve("state").toString();
    }

    @AfterEach
    void nothingLeft() {
        if (root != null) {
            Hako.deleteAll(dir, root);
        }
    }

    /** Replaces the default spec's interactive shell with a command. */
    private void command(String script) throws Exception {
        Path config = bundle.resolve("config.json");
        String json = Files.readString(config).replace("\"terminal\": true", "\"terminal\": false")
                .replaceFirst("\"sh\"\\s*\\]", "\"sh\", \"-c\", \"" + script + "\"]");
        Files.writeString(config, json);
    }

    @Test
    void theLifecycleAsContainerdDrivesIt() throws Exception {
        command("exec sleep 60");
        Path pidFile = dir.resolve("init.pid");
        var create = Hako.run(bundle, "--root", root, "create", "--bundle", bundle.toString(), "--pid-file",
                pidFile.toString(), "c1");
        assertEquals(0, create.status(), create::toString);
        String pid = Files.readString(pidFile);

        var state = Hako.run(dir, "--root", root, "state", "c1");
        assertEquals(0, state.status(), state::toString);
        assertTrue(state.out().contains("\"status\": \"created\""), state.out());
        assertTrue(state.out().contains("\"pid\": " + pid), state.out());
        assertTrue(state.out().contains("\"bundle\": \"" + bundle + "\""), state.out());

        assertEquals(0, Hako.run(dir, "--root", root, "start", "c1").status());
        var list = Hako.run(dir, "--root", root, "list", "--format", "json");
        // runc's field order (list.go's containerState), which engines and scripts read.
        assertTrue(list.out().startsWith("[{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"pid\":" + pid
                + ",\"status\":\"running\",\"bundle\":"), list.out());

        var refused = Hako.run(dir, "--root", root, "delete", "c1");
        assertEquals(1, refused.status());
        assertEquals("cannot delete container c1 that is not stopped: running\n", refused.err());
        assertEquals(0, Hako.run(dir, "--root", root, "kill", "c1", "KILL").status());
        var deleted = Hako.run(dir, "--root", root, "delete", "--force", "c1");
        assertEquals(0, deleted.status(), deleted::toString);
        var gone = Hako.run(dir, "--root", root, "state", "c1");
        assertEquals("container does not exist\n", gone.err());
    }

    @Test
    void runReturnsTheProcessStatusAndCleansUp() throws Exception {
        command("exit 3");
        var run = Hako.run(bundle, "--root", root, "run", "r1");
        assertEquals(3, run.status(), run::toString);
        assertEquals("", Hako.run(dir, "--root", root, "list", "-q").out(), "run deletes what it made");
    }

    @Test
    void aBadBundleFailsWithOneLineAndLeavesNothing() throws Exception {
        Path log = dir.resolve("log.json");
        Files.writeString(bundle.resolve("config.json"), "{not json");
        var create = Hako.run(bundle, "--root", root, "--log", log.toString(), "--log-format", "json", "create",
                "bad");
        assertEquals(1, create.status());
        assertTrue(create.err().startsWith(bundle.resolve("config.json") + ": not JSON: "), create.err());
        assertEquals(1, Files.readAllLines(log).size());
        assertEquals("", Hako.run(dir, "--root", root, "list", "-q").out());
    }
}
