package io.hako.cli.request;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code exec [options] ID [COMMAND [ARG...]]}: run another process in the container, described either by a
 * process JSON file ({@code --process/-p}) or by the command after the id plus these flags.
 *
 * @param process the runtime-spec {@code process} document to run ({@code --process/-p})
 * @param command the command and its arguments: everything after the id, verbatim
 * @param tty allocate a pseudo-terminal ({@code --tty/-t})
 * @param detach return once the process runs ({@code --detach/-d}); without it hako stays, relays stdio
 *     and exits with the process's status (CRI-O's streaming exec)
 * @param cwd working directory in the container ({@code --cwd})
 * @param env extra environment, {@code NAME=value} ({@code --env/-e}, repeatable)
 * @param user {@code UID[:GID]} ({@code --user/-u})
 * @param additionalGids supplementary groups ({@code --additional-gids/-g}, repeatable)
 * @param pidFile where to write the process's pid ({@code --pid-file})
 * @param consoleSocket where to send the pty master ({@code --console-socket})
 * @param pidfdSocket where to send a pidfd of the process ({@code --pidfd-socket})
 * @param processLabel SELinux label ({@code --process-label})
 * @param apparmor AppArmor profile ({@code --apparmor})
 * @param noNewPrivs set no_new_privs ({@code --no-new-privs})
 * @param capabilities capabilities to add ({@code --cap/-c}, repeatable)
 * @param preserveFds extra descriptors passed on ({@code --preserve-fds})
 * @param cgroups sub-cgroups to run in, {@code [CONTROLLER:]PATH} ({@code --cgroup}, repeatable)
 * @param ignorePaused allow exec into a paused container ({@code --ignore-paused})
 */
public record ExecRequest(
        String id,
        Optional<Path> process,
        List<String> command,
        boolean tty,
        boolean detach,
        Optional<String> cwd,
        List<String> env,
        Optional<String> user,
        List<Long> additionalGids,
        Optional<Path> pidFile,
        Optional<Path> consoleSocket,
        Optional<Path> pidfdSocket,
        Optional<String> processLabel,
        Optional<String> apparmor,
        boolean noNewPrivs,
        List<String> capabilities,
        int preserveFds,
        List<String> cgroups,
        boolean ignorePaused) implements Request {
    public ExecRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        capabilities = List.copyOf(capabilities);
        cgroups = List.copyOf(cgroups);
    }
}
