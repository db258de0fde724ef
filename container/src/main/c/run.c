#include "run.h"

#include "stage_ops.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Whether this process's user namespace has "deny" in /proc/self/setgroups; a kernel without the file (before
 * 3.19) or an unreadable one says no, and setgroups(2) itself then tells. */
static int setgroups_denied(void) {
    char text[16] = {0}, why[96];
    int fd = procfs_open("/proc/self/setgroups", O_RDONLY, why, sizeof(why));
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    return n >= 4 && strncmp(text, "deny", 4) == 0;
}

/* ---- the loop --------------------------------------------------------------------------------------------- */

static void perform(struct stage *s, const struct plan_op *op) {
    const struct plan_field *f = op->fields;
    switch (op->def->tag) {
    case OP_JOIN_NAMESPACE: {
        int fd = open(f[1].string, O_RDONLY | O_CLOEXEC);
        if (fd < 0) fail(s, errno, "open namespace \"%s\"", f[1].string);
        if (setns(fd, (int) f[0].number) < 0) fail(s, errno, "join namespace \"%s\"", f[1].string);
        close(fd);
        break;
    }
    case OP_UNSHARE:
        if (unshare((int) f[0].number) < 0) fail(s, errno, "unshare namespaces 0x%x", (unsigned) f[0].number);
        break;
    case OP_JOIN_SESSION_KEYRING:
        /* A kernel without keyrings has nothing to share: that is no failure. */
        if (syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, f[0].string) < 0 && errno != ENOSYS) {
            fail(s, errno, "join a new session keyring \"%s\"", f[0].string);
        }
        break;
    case OP_AWAIT_HOOKS:
        send_message(s->sync_fd, SYNC_RUN_HOOKS, NULL, 0);
        await_payload(s, SYNC_HOOKS_DONE, &s->hook_state, &s->hook_state_length);
        break;
    case OP_RUN_HOOK: op_run_hook(s, op); break;
    case OP_AWAIT_CGROUP:
        /* Before anything else: every process the stage makes then starts in the cgroup. */
        send_message(s->sync_fd, SYNC_NEED_CGROUP, NULL, 0);
        await(s, SYNC_CGROUP_JOINED);
        break;
    case OP_AWAIT_ID_MAPS:
        send_message(s->sync_fd, SYNC_NEED_ID_MAPS, NULL, 0);
        await(s, SYNC_ID_MAPS_WRITTEN);
        break;
    case OP_SET_IDS:
        if (setresgid((gid_t) f[1].number, (gid_t) f[1].number, (gid_t) f[1].number) < 0) fail(s, errno, "setresgid");
        if (setresuid((uid_t) f[0].number, (uid_t) f[0].number, (uid_t) f[0].number) < 0) fail(s, errno, "setresuid");
        /* The id change made this process undumpable, which hands its /proc files to the host's root: the
         * namespace's root could then not write timens_offsets. Our exe is a sealed memfd, nothing to protect. */
        if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) fail(s, errno, "set dumpable");
        break;
    case OP_TIME_OFFSET: {
        char line[96];
        snprintf(line, sizeof(line), "%u %lld %u\n", (unsigned) f[0].number, (long long) (int64_t) f[1].number,
                 (unsigned) f[2].number);
        char why[128];
        if (procfs_write("/proc/self/timens_offsets", line, why, sizeof(why)) < 0) {
            fail(s, errno, "set time offsets \"%.*s\": %s", (int) strcspn(line, "\n"), line, why);
        }
        break;
    }
    case OP_SETSID:
        if (setsid() < 0) fail(s, errno, "setsid");
        break;
    case OP_ROOT_PROPAGATION:
        if (mount(NULL, "/", NULL, (unsigned long) f[0].number, NULL) < 0) fail(s, errno, "set propagation of /");
        break;
    case OP_ROOTFS: op_rootfs(s, op); break;
    case OP_MOUNT: op_mount(s, op); break;
    case OP_REMOUNT: op_remount(s, op); break;
    case OP_PIVOT_ROOT: op_pivot_root(s); break;
    case OP_CHROOT: op_chroot(s); break;
    case OP_ENTER_ROOT: op_enter_root(s); break;
    case OP_IDMAP_PREPARE: op_idmap_prepare(s, op); break;
    case OP_IDMAP_ATTACH: op_idmap_attach(s, op); break;
    case OP_MKNOD: op_mknod(s, op); break;
    case OP_SYMLINK: op_symlink(s, op); break;
    case OP_MASK_PATH: op_mask_path(s, f[0].string); break;
    case OP_READONLY_PATH: op_readonly_path(s, f[0].string); break;
    case OP_SYSCTL: op_sysctl(s, f[0].string, f[1].string); break;
    case OP_HOSTNAME:
        if (sethostname(f[0].string, f[0].length) < 0) fail(s, errno, "sethostname \"%s\"", f[0].string);
        break;
    case OP_DOMAINNAME:
        if (setdomainname(f[0].string, f[0].length) < 0) fail(s, errno, "setdomainname \"%s\"", f[0].string);
        break;
    case OP_RLIMIT: {
        struct rlimit limit = {(rlim_t) f[1].number, (rlim_t) f[2].number};
        if (setrlimit((int) f[0].number, &limit) < 0) fail(s, errno, "setrlimit %u", (unsigned) f[0].number);
        break;
    }
    case OP_OOM_SCORE_ADJ: {
        char value[32];
        snprintf(value, sizeof(value), "%lld", (long long) (int64_t) f[0].number);
        char why[128];
        if (procfs_write("/proc/self/oom_score_adj", value, why, sizeof(why)) < 0) {
            fail(s, errno, "set oom_score_adj %s: %s", value, why);
        }
        break;
    }
    case OP_UMASK: umask((mode_t) f[0].number); break;
    case OP_CHDIR: op_chdir(s, f[0].string, f[1].number != 0); break;
    case OP_DEFAULT_HOME: op_default_home(s, (uint32_t) f[0].number); break;
    case OP_STDIO_OWNER: op_stdio_owner(s, (uint32_t) f[0].number); break;
    case OP_STDIO_NULL: op_stdio_null(s); break;
    case OP_LOOPBACK_UP: op_loopback_up(s); break;
    case OP_MOUNT_SETATTR: op_mount_setattr(s, op); break;
    case OP_PREPARE_SOURCES: op_prepare_sources(s, op); break;
    case OP_RECEIVE_SOURCES: op_receive_sources(s); break;
    case OP_MOUNT_OWN_CGROUP: op_mount_own_cgroup(s, op); break;
    case OP_GROUPS: {
        /* A user namespace whose setgroups is "deny" (an unprivileged map, as under `unshare -r`) refuses
         * setgroups(2) for good; runc then leaves the groups as they are, and so does the stage. Only the
         * process can read it: its user namespace is not the one hako planned in. */
        if (setgroups_denied()) break;
        gid_t groups[PLAN_MAX_LIST];
        for (uint32_t i = 0; i < f[0].length; i++) groups[i] = (gid_t) f[0].numbers[i];
        if (setgroups(f[0].length, groups) < 0) fail(s, errno, "setgroups");
        break;
    }
    case OP_USER:
        /* Keep the permitted set across the uid change; the capabilities operation then sets the final sets. */
        if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) fail(s, errno, "keep capabilities");
        if (setresgid((gid_t) f[1].number, (gid_t) f[1].number, (gid_t) f[1].number) < 0) {
            fail(s, errno, "setresgid %u", (unsigned) f[1].number);
        }
        if (setresuid((uid_t) f[0].number, (uid_t) f[0].number, (uid_t) f[0].number) < 0) {
            fail(s, errno, "setresuid %u", (unsigned) f[0].number);
        }
        if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) fail(s, errno, "stop keeping capabilities");
        break;
    case OP_CAPABILITIES: op_capabilities(s, op); break;
    case OP_NO_NEW_PRIVILEGES:
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail(s, errno, "set no_new_privs");
        break;
    case OP_SECCOMP: op_seccomp(s, op); break;
    case OP_LSM_LABEL: {
        /* AppArmor's "exec PROFILE" or an SELinux label: the kernel applies it at the next execve. */
        char why[PATH_MAX + 64];
        if (procfs_write(f[0].string, f[1].string, why, sizeof(why)) < 0) {
            fail(s, errno, "set the LSM label \"%s\": %s", f[1].string, why);
        }
        break;
    }
    case OP_CONSOLE: op_console(s, op); break;
    case OP_FIND_EXECUTABLE: op_find_executable(s, op); break;
    case OP_READY:
        send_message(s->sync_fd, SYNC_READY, NULL, 0);
        s->ready = 1;
        break;
    case OP_WAIT_START: op_wait_start(s, f[0].number); break;
    case OP_EXEC:
        if (s->executable[0] == '\0') fail(s, 0, "exec without find-executable");
        close(s->sync_fd); /* nothing of the runtime reaches the container's process */
        execve(s->executable, f[0].strings, with_home(s, &f[1]));
        /* main may be gone after start: say it where the container's output goes too */
        dprintf(STDERR_FILENO, "hako: exec \"%s\": %s\n", s->executable, strerror(errno));
        _exit(127);
    default:
        fail(s, ENOSYS, "operation \"%s\" is not supported by this stage", op->def->name);
    }
}

int stage_run(const struct plan *plan, int sync_fd) {
    struct stage s = {.sync_fd = sync_fd, .root_fd = -1, .source_channel = -1};
    for (s.index = 0; s.index < plan->count; s.index++) {
        const struct plan_op *op = &plan->ops[s.index];
        if (op->def->tag == OP_FORK_INIT) {
            /* CLONE_PARENT: the init's parent is main (and later the engine's subreaper), not this process. */
            pid_t pid = (pid_t) syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, NULL, NULL, 0);
            if (pid < 0) fail(&s, errno, "fork the init");
            if (pid > 0) {
                uint8_t payload[4];
                put_u32(payload, (uint32_t) pid);
                send_message(sync_fd, SYNC_INIT_PID, payload, sizeof(payload));
                _exit(0);
            }
            continue;
        }
        perform(&s, op);
    }
    fail(&s, 0, "the plan ended without exec");
}
