package io.hako.cli.sidebyside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hako.oci.config.Mount;
import io.hako.oci.config.Spec;
import io.hako.oci.config.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process as runc sets it up: its working directory, HOME, and who owns its stdio and terminal. */
class ProcessIT {
    @TempDir
    Path dir;
    SideBySide both;

    @BeforeEach
    void runtimes() {
        both = SideBySide.in(dir);
    }

    private static Spec as(Spec spec, long uid, long gid) {
        return spec.withProcess(spec.process().withUser(new User(uid, gid, null, null, null, null)));
    }

    private static Spec withEnv(Spec spec, List<String> env) {
        return spec.withProcess(spec.process().withEnv(env));
    }

    @Test
    void aMissingWorkingDirectoryIsMade() throws IOException {
        Path bundle = BusyboxBundle.make(dir, "pwd; stat -c %a .", spec -> spec.withProcess(
                spec.process().withCwd("/made/for/it")));
        assertEquals("/made/for/it\n755\n", both.run(bundle, "cwd").bothSucceedAlike());
    }

    @Test
    void withoutHomeTheUsersHomeFromTheContainersPasswdOrTheRoot() throws IOException {
        List<String> path = List.of("PATH=/bin");
        Path daemon = BusyboxBundle.make(dir, "echo $HOME", spec -> withEnv(as(spec, 1, 1), path));
        assertEquals("/usr/sbin\n", both.run(daemon, "home-daemon").bothSucceedAlike());
        Path unknown = BusyboxBundle.make(dir, "echo $HOME", spec -> withEnv(as(spec, 4242, 4242), path));
        assertEquals("/\n", both.run(unknown, "home-unknown").bothSucceedAlike());
        Path empty = BusyboxBundle.make(dir, "env | grep -c ^HOME=; echo $HOME",
                spec -> withEnv(spec, List.of("PATH=/bin", "HOME=")));
        assertEquals("1\n/root\n", both.run(empty, "home-empty").bothSucceedAlike());
        Path given = BusyboxBundle.make(dir, "echo $HOME", spec -> withEnv(spec, List.of("PATH=/bin", "HOME=/x")));
        assertEquals("/x\n", both.run(given, "home-given").bothSucceedAlike());
    }

    @Test
    void execSetsHomeForItsUserToo() throws IOException {
        Path bundle = BusyboxBundle.make(dir, "sleep 60", spec -> withEnv(spec, List.of("PATH=/bin")));
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "exec-home-" + runtime.name();
            assertEquals(0, runtime.call(bundle, "run", "-d", "--bundle", bundle.toString(), id).status());
            try {
                var result = runtime.call(bundle, "exec", "--user", "1:1", id, "sh", "-c", "echo $HOME");
                assertEquals(0, result.status(), result.toString());
                assertEquals("/usr/sbin\n", result.out(), runtime.name());
            } finally {
                runtime.call(bundle, "delete", "--force", id);
            }
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
    }

    @Test
    void aProcessThatIsNotRootOwnsItsPipesAndCanReopenThem() throws IOException {
        Path bundle = BusyboxBundle.make(dir, "stat -L -c %u /proc/self/fd/1; echo reopened >> /dev/stdout",
                spec -> as(spec, 1000, 1000));
        assertEquals("1000\nreopened\n", both.run(bundle, "stdio").bothSucceedAlike());
    }

    @Test
    void theTerminalBelongsToTheProcessesUserAndTheTtyGroup() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux's script for a terminal");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path bundle = BusyboxBundle.make(dir, "stat -c '%u %g %a' $(tty) > /out/tty", spec -> {
            Spec user = as(spec, 1000, 1000);
            return withMount(user.withProcess(user.process().withTerminal(true)), new Mount("/out", "bind",
                    out.toString(), List.of("rbind"), null, null, null));
        });
        List<String> outputs = new ArrayList<>();
        for (SideBySide.Runtime runtime : List.of(both.runc(), both.hako())) {
            String id = "tty-" + runtime.name();
            // runc run -t wants a terminal of its own to relay: script(1) gives both runtimes one.
            String command = String.join(" ", runtime.command()) + " --root " + runtime.stateRoot() + " run --bundle "
                    + bundle + " " + id;
            var result = new SideBySide.Runtime(runtime.name(), List.of("/usr/bin/script", "-qefc", command,
                    "/dev/null"), runtime.stateRoot()).callRaw(bundle);
            assertEquals(0, result.status(), result.toString());
            outputs.add(Files.readString(out.resolve("tty")));
            SideBySide.assertNothingLeft(runtime, bundle, id);
        }
        assertEquals(outputs.get(0), outputs.get(1));
        assertEquals("1000 5 620\n", outputs.get(1));
    }

    private static Spec withMount(Spec spec, Mount mount) {
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(mount);
        return spec.withMounts(mounts);
    }
}
