#include "stage_ops.h"

#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The process's own settings: sysctls, capabilities, the executable, the terminal, seccomp, hooks, the start. */

void op_sysctl(struct stage *s, const char *key, const char *value) {
    char path[PATH_MAX];
    int n = snprintf(path, sizeof(path), "/proc/sys/%s", key);
    if (n < 0 || (size_t) n >= sizeof(path)) fail(s, ENAMETOOLONG, "sysctl \"%s\"", key);
    for (char *p = path + strlen("/proc/sys/"); *p; p++) {
        if (*p == '.') *p = '/';
        else if (*p == '/') *p = '.'; /* the kernel's own convention for keys holding a dot */
    }
    if (strstr(path, "..") != NULL) fail(s, EINVAL, "sysctl \"%s\"", key);
    char why[PATH_MAX + 64];
    if (procfs_write(path, value, why, sizeof(why)) < 0) fail(s, errno, "sysctl \"%s\" = \"%s\": %s", key, value, why);
}

void op_capabilities(struct stage *s, const struct plan_op *op) {
    uint64_t bounding = op->fields[0].number, effective = op->fields[1].number, permitted = op->fields[2].number,
             inheritable = op->fields[3].number, ambient = op->fields[4].number;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) < 0) fail(s, errno, "capget");
    /* After a uid change the effective set is empty: take what is permitted back, to drop from the bounding set. */
    data[0].effective = data[0].permitted;
    data[1].effective = data[1].permitted;
    if (syscall(SYS_capset, &header, data) < 0) fail(s, errno, "capset (restore effective)");
    for (int cap = 0; cap <= 63; cap++) {
        if (!(bounding & (1ULL << cap))) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) {
                fail(s, errno, "drop capability %d from the bounding set", cap);
            }
        }
    }
    data[0].effective = (uint32_t) effective;
    data[1].effective = (uint32_t) (effective >> 32);
    data[0].permitted = (uint32_t) permitted;
    data[1].permitted = (uint32_t) (permitted >> 32);
    data[0].inheritable = (uint32_t) inheritable;
    data[1].inheritable = (uint32_t) (inheritable >> 32);
    if (syscall(SYS_capset, &header, data) < 0) fail(s, errno, "capset");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
        fail(s, errno, "clear ambient capabilities");
    }
    for (int cap = 0; cap <= 63; cap++) {
        if (ambient & (1ULL << cap)) {
            if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) {
                fail(s, errno, "raise ambient capability %d", cap);
            }
        }
    }
}

static const char *env_path(char **env) {
    for (; env != NULL && *env != NULL; env++) {
        if (strncmp(*env, "PATH=", 5) == 0) return *env + 5;
    }
    return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

void op_find_executable(struct stage *s, const struct plan_op *op) {
    const char *file = op->fields[0].string;
    if (*file == '\0') fail(s, ENOENT, "exec: empty command");
    if (strchr(file, '/') != NULL) {
        if (access(file, X_OK) < 0) fail(s, errno, "exec: \"%s\"", file);
        if (strlen(file) >= sizeof(s->executable)) fail(s, ENAMETOOLONG, "exec: \"%s\"", file);
        strcpy(s->executable, file);
        return;
    }
    const char *path = env_path(op->fields[1].strings);
    int denied = 0;
    while (1) {
        const char *end = strchr(path, ':');
        size_t length = end == NULL ? strlen(path) : (size_t) (end - path);
        int n = snprintf(s->executable, sizeof(s->executable), "%.*s%s%s", (int) length, path,
                         length == 0 ? "" : "/", file);
        if (n > 0 && (size_t) n < sizeof(s->executable)) {
            struct stat st;
            if (stat(s->executable, &st) == 0 && S_ISREG(st.st_mode)) {
                if (access(s->executable, X_OK) == 0) return;
                denied = 1;
            }
        }
        if (end == NULL) break;
        path = end + 1;
    }
    if (denied) fail(s, EACCES, "exec: \"%s\"", file);
    fail(s, 0, "exec: \"%s\": executable file not found in $PATH", file);
}


/*
 * Where the pty is bound as the container's /dev/console: that file itself, made when missing, never where a
 * symlink in the rootfs leads (CVE-2025-52565's class: a /dev/console that leads to a procfs file would have the pty
 * mounted over it); a file or a device, and none of procfs' or sysfs'.
 */
static int open_console_mount_point(struct stage *s) {
    int console = resolve(s, "/dev/console", O_PATH | O_NOFOLLOW);
    if (console < 0 && errno == ENOENT) {
        int made = open_mount_point(s, "/dev/console", 2);
        if (made < 0) fail(s, errno, "console: make /dev/console");
        close(made);
        console = resolve(s, "/dev/console", O_PATH | O_NOFOLLOW);
    }
    if (console < 0) fail(s, errno, "console: open /dev/console");
    struct stat st;
    struct statfs fs;
    if (fstat(console, &st) < 0 || fstatfs(console, &fs) < 0) fail(s, errno, "console: stat /dev/console");
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
        fail(s, 0, "console: /dev/console in the rootfs is %s, not a file or a device: refused",
             S_ISLNK(st.st_mode) ? "a symlink" : "something else");
    }
    if (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC) {
        fail(s, 0, "console: /dev/console is a file of procfs or sysfs: refused");
    }
    return console;
}

/*
 * The container's pty multiplexer, opened for use only once it is known to be one (character 5:2): /dev/ptmx is
 * followed, as hako's own /dev links it to pts/ptmx, but a rootfs's /dev/ptmx that leads anywhere else (a procfs
 * file: the class of CVE-2025-52881) is refused before it is opened for writing or given an ioctl. The container's
 * /proc (hako's procfs: nothing may be mounted over it) reopens the checked descriptor.
 */
static int open_ptmx(struct stage *s) {
    int path = open("/dev/ptmx", O_PATH | O_CLOEXEC);
    if (path < 0) fail(s, errno, "console: open /dev/ptmx");
    struct stat st;
    if (fstat(path, &st) < 0) fail(s, errno, "console: stat /dev/ptmx");
    if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2) {
        fail(s, 0, "console: /dev/ptmx in the container is not the pty multiplexer (character 5:2): refused");
    }
    /* Reopened through the checked descriptor, not by name: a /dev/ptmx swapped since is never opened. */
    char checked[64];
    fd_path(checked, sizeof(checked), path);
    int master = open(checked, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) fail(s, errno, "console: open /dev/ptmx");
    close(path);
    return master;
}

/*
 * A pseudo-terminal from the container's own devpts: its slave becomes the controlling terminal, the standard
 * streams and /dev/console; its master goes to main, which hands it to the engine's console socket.
 */
void op_console(struct stage *s, const struct plan_op *op) {
    int master = open_ptmx(s);
    int unlock = 0, number;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0) fail(s, errno, "console: unlock the pty");
    if (ioctl(master, TIOCGPTN, &number) < 0) fail(s, errno, "console: pty number");
    char name[64];
    snprintf(name, sizeof(name), "/dev/pts/%d", number);
    int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) fail(s, errno, "console: open \"%s\"", name);
    uint64_t rows = op->fields[0].number, columns = op->fields[1].number;
    if (rows != 0 && columns != 0) {
        struct winsize size = {.ws_row = (unsigned short) rows, .ws_col = (unsigned short) columns};
        if (ioctl(master, TIOCSWINSZ, &size) < 0) fail(s, errno, "console: set size %llux%llu",
                                                         (unsigned long long) rows, (unsigned long long) columns);
    }
    /* A container's init makes it its /dev/console; a process exec'd into a running one (no rootfs here) does not. */
    if (s->root_fd >= 0) {
        /* Bound from the slave descriptor itself: its name, /dev/pts/N, is looked up in the rootfs by no one. */
        int console = open_console_mount_point(s);
        char where[64], source[64];
        fd_path(where, sizeof(where), console);
        fd_path(source, sizeof(source), slave);
        if (mount(source, where, NULL, MS_BIND, NULL) < 0) fail(s, errno, "console: bind \"%s\" on /dev/console", name);
        close(console);
    }
    send_with_fd(s, SYNC_CONSOLE, name, master);
    close(master);
    if (ioctl(slave, TIOCSCTTY, 0) < 0) fail(s, errno, "console: make \"%s\" the controlling terminal", name);
    for (int stream = 0; stream <= 2; stream++) {
        if (dup2(slave, stream) < 0) fail(s, errno, "console: \"%s\" as descriptor %d", name, stream);
    }
    if (slave > 2) close(slave);
}

/*
 * Loads a seccomp filter (the classic BPF program main compiled with libseccomp). Without no_new_privs this
 * needs CAP_SYS_ADMIN, which is why the plan puts it before the uid change in that case, and just before the
 * exec otherwise. With SECCOMP_FILTER_FLAG_NEW_LISTENER the kernel returns the notify listener, which goes to
 * main (it sends it to the spec's listenerPath); the container's process must not keep it.
 */
void op_seccomp(struct stage *s, const struct plan_op *op) {
    const struct plan_field *f = op->fields;
    if (f[1].length == 0 || f[1].length % sizeof(struct sock_filter) != 0 ||
        f[1].length / sizeof(struct sock_filter) > BPF_MAXINSNS) {
        fail(s, EINVAL, "seccomp: a filter of %u bytes is no BPF program", (unsigned) f[1].length);
    }
    struct sock_fprog program = {
        .len = (unsigned short) (f[1].length / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *) (void *) f[1].string,
    };
    unsigned flags = (unsigned) f[0].number;
    long result = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &program);
    if (result < 0) fail(s, errno, "seccomp: load a filter of %u instructions (flags 0x%x)", program.len, flags);
    if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
        send_with_fd(s, SYNC_SECCOMP_LISTENER, "", (int) result);
        close((int) result);
    }
}

/* The process's environment as the plan gives it, and HOME when default-home found one (what exec passes). */
char **with_home(struct stage *s, const struct plan_field *env) {
    if (s->home[0] == '\0') return env->strings;
    char **all = calloc(env->length + 2, sizeof(char *));
    if (all == NULL) fail(s, ENOMEM, "environment");
    for (uint32_t i = 0; i < env->length; i++) all[i] = env->strings[i];
    all[env->length] = s->home;
    return all;
}

/*
 * A createContainer or startContainer hook, run by the init in the container's namespaces: the container's state
 * on its stdin, killed after its timeout. A hook without an env of its own has the process's, as the init has it
 * by then. A hook that fails fails the operation, as the spec says.
 */
void op_run_hook(struct stage *s, const struct plan_op *op) {
    const char *path = op->fields[0].string;
    unsigned timeout = (unsigned) op->fields[3].number;
    char **env = op->fields[4].number ? with_home(s, &op->fields[2]) : op->fields[2].strings;
    if (s->hook_state == NULL) fail(s, 0, "hook \"%s\": the container's state did not come", path);
    int state = (int) syscall(SYS_memfd_create, "hako-hook-state", MFD_CLOEXEC);
    if (state < 0) fail(s, errno, "hook \"%s\": memfd for its stdin", path);
    if (write(state, s->hook_state, s->hook_state_length) != (ssize_t) s->hook_state_length
        || lseek(state, 0, SEEK_SET) < 0) {
        fail(s, errno, "hook \"%s\": write its stdin", path);
    }
    pid_t pid = fork();
    if (pid < 0) fail(s, errno, "hook \"%s\": fork", path);
    if (pid == 0) {
        if (dup2(state, STDIN_FILENO) < 0) _exit(126);
        execve(path, op->fields[1].strings, env);
        dprintf(STDERR_FILENO, "hako: hook \"%s\": %s\n", path, strerror(errno));
        _exit(127);
    }
    close(state);
    int status = 0;
    struct timespec step = {0, 5 * 1000 * 1000};
    for (unsigned long waited_ms = 0;; waited_ms += 5) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) fail(s, errno, "hook \"%s\": wait", path);
        if (timeout > 0 && waited_ms >= 1000ul * timeout) {
            kill(pid, SIGKILL);
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
            }
            fail(s, ETIMEDOUT, "hook \"%s\" did not finish within %u s and was killed", path, timeout);
        }
        nanosleep(&step, NULL);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail(s, 0, "hook \"%s\" failed: %s %d", path, WIFEXITED(status) ? "exit status" : "signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    }
}

void op_wait_start(struct stage *s, uint64_t fifo_fd) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", (int) fifo_fd);
    /* Opening the write end blocks until `start` opens the read end. */
    int fd;
    do {
        fd = open(path, O_WRONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) fail(s, errno, "open exec fifo");
    if (write(fd, "0", 1) != 1) fail(s, errno, "write exec fifo");
    /* The write end stays open, close-on-exec: start sees end-of-file when the process is exec'd (or the init
     * dies), which is how it runs poststart hooks after the user's process has started. */
    close((int) fifo_fd);
}

/* The working directory; with make, a missing one is made inside the root first (an init's, as runc does). */
void op_chdir(struct stage *s, const char *path, int make) {
    if (chdir(path) == 0) return;
    if (!make || errno != ENOENT || s->root_fd < 0) fail(s, errno, "chdir \"%s\"", path);
    int dir = open_dir(s, path);
    if (dir < 0) fail(s, errno, "make the working directory \"%s\"", path);
    close(dir);
    if (chdir(path) < 0) fail(s, errno, "chdir \"%s\"", path);
}

/*
 * HOME for a process whose environment has none: the home of its uid in the container's /etc/passwd (the first
 * entry with that uid), else "/", as runc sets it. Read in the container's root, before the uid change.
 */
void op_default_home(struct stage *s, uint32_t uid) {
    snprintf(s->home, sizeof(s->home), "HOME=/");
    FILE *passwd = fopen("/etc/passwd", "re");
    if (passwd == NULL) return; /* no passwd in the image: "/" */
    char line[4096];
    while (fgets(line, sizeof(line), passwd) != NULL) {
        /* name:password:uid:gid:gecos:home:shell */
        char *fields[7] = {0};
        char *rest = line;
        int n = 0;
        while (n < 7 && rest != NULL) {
            fields[n++] = rest;
            rest = strchr(rest, ':');
            if (rest != NULL) *rest++ = '\0';
        }
        if (n < 6) continue;
        char *end;
        unsigned long entry_uid = strtoul(fields[2], &end, 10);
        if (*fields[2] == '\0' || *end != '\0' || entry_uid != uid) continue;
        fields[5][strcspn(fields[5], "\n")] = '\0';
        snprintf(s->home, sizeof(s->home), "HOME=%s", fields[5]);
        break;
    }
    fclose(passwd);
}

/*
 * Gives the standard streams to the process's uid (keeping their group: a terminal keeps the tty group), as runc
 * does before the uid change, so that a process that is not root can use its terminal and reopen its pipes
 * (/dev/stdout). Streams on /dev/null are left alone, and a stream whose owner or group this user namespace does
 * not map, or on a read-only filesystem, is left as it is.
 */
void op_stdio_owner(struct stage *s, uint32_t uid) {
    /* The null device by its number, not by a /dev/null of the rootfs, which an image could make anything. */
    const dev_t null = makedev(1, 3);
    for (int fd = 0; fd <= 2; fd++) {
        struct stat st;
        if (fstat(fd, &st) < 0) {
            if (errno == EBADF) continue; /* a closed stream has no owner */
            fail(s, errno, "stdio: stat descriptor %d", fd);
        }
        if (st.st_uid == uid || (S_ISCHR(st.st_mode) && st.st_rdev == null)) continue;
        if (fchown(fd, uid, st.st_gid) < 0 && errno != EINVAL && errno != EPERM && errno != EROFS) {
            fail(s, errno, "stdio: give descriptor %d to uid %u", fd, uid);
        }
    }
}

/*
 * After the pivot: a standard stream on the null device (the caller's, conmon's stdin for one) becomes the
 * container's own null device, so that the init holds no file of a mount outside its namespace, which CRIU cannot
 * dump (runc does the same, reopening /dev/null by name). Here it is the descriptor open_null_device checked to be
 * 1:3, reopened through /proc/self/fd: a rootfs's dev/null that is a file or a symlink is never opened, and then
 * the streams stay the caller's, as they do when the null device cannot be opened for writing (a nodev /dev).
 */
/* fd moved above the standard streams: with one of them closed, an open could take its number. */
static int above_stdio(int fd) {
    if (fd < 0 || fd > 2) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    close(fd);
    return errno = saved, moved;
}

void op_stdio_null(struct stage *s) {
    const dev_t null = makedev(1, 3);
    int checked = -1, reopened = -1;
    for (int fd = 0; fd <= 2; fd++) {
        struct stat st;
        if (fstat(fd, &st) < 0) {
            if (errno == EBADF) continue;
            fail(s, errno, "stdio: stat descriptor %d", fd);
        }
        if (!S_ISCHR(st.st_mode) || st.st_rdev != null) continue;
        if (reopened < 0) {
            if (checked < 0 && (checked = above_stdio(open_null_device())) < 0) {
                if (errno == ENOENT || errno == ENODEV) return;
                fail(s, errno, "stdio: open the container's /dev/null");
            }
            char path[64];
            fd_path(path, sizeof(path), checked);
            reopened = above_stdio(open(path, O_RDWR | O_CLOEXEC));
            if (reopened < 0) {
                if (errno != EACCES && errno != EPERM && errno != ENOENT) {
                    fail(s, errno, "stdio: reopen the container's /dev/null");
                }
                break;
            }
        }
        if (dup2(reopened, fd) < 0) fail(s, errno, "stdio: the container's /dev/null as descriptor %d", fd);
    }
    if (reopened >= 0) close(reopened);
    if (checked >= 0) close(checked);
}

/*
 * The loopback interface of a network namespace this container made, brought up as runc brings it up: without it
 * 127.0.0.1 is unreachable in a container no engine sets a network up for. SIOCSIFFLAGS on any socket of the
 * namespace; it needs CAP_NET_ADMIN there, which the intermediate has (it made the namespace, or its user one).
 */
void op_loopback_up(struct stage *s) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail(s, errno, "loopback: socket");
    struct ifreq request;
    memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFFLAGS, &request) < 0) fail(s, errno, "loopback: flags of lo");
    request.ifr_flags |= IFF_UP;
    if (ioctl(fd, SIOCSIFFLAGS, &request) < 0) fail(s, errno, "loopback: bring lo up");
    close(fd);
}
