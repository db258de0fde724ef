#include "run.h"

#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <termios.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>

/* What the operations leave for later ones. */
struct stage {
    int sync_fd;
    uint32_t index;        /* the operation being performed */
    int root_fd;           /* the rootfs (an O_PATH directory), -1 before the rootfs operation */
    char executable[PATH_MAX]; /* found by find-executable, run by exec */
    int ready;             /* main has been told the init is ready: it may no longer be listening */
    int idmapped[64];      /* detached id-mapped mounts, by the index idmap-prepare gave them */
    char *hook_state;      /* the container's state as JSON, from main at await-hooks: the hooks' stdin */
    size_t hook_state_length;
    uint32_t idmapped_count;
};

static void send_message(int fd, uint32_t type, const void *payload, size_t length) {
    uint8_t buffer[4096];
    if (length > sizeof(buffer) - 4) length = sizeof(buffer) - 4;
    for (int i = 0; i < 4; i++) buffer[i] = (uint8_t) (type >> (8 * i));
    memcpy(buffer + 4, payload, length);
    while (send(fd, buffer, length + 4, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t) (v >> (8 * i));
}

/* Reports the failure of the current operation to main and ends this process. */
__attribute__((noreturn, format(printf, 3, 4))) static void fail(struct stage *s, int err, const char *format, ...) {
    uint8_t payload[2048];
    put_u32(payload, s->index);
    put_u32(payload + 4, (uint32_t) err);
    va_list args;
    va_start(args, format);
    int n = vsnprintf((char *) payload + 8, sizeof(payload) - 8, format, args);
    va_end(args);
    if (n < 0) n = 0;
    if ((size_t) n > sizeof(payload) - 9) n = (int) sizeof(payload) - 9;
    send_message(s->sync_fd, SYNC_ERROR, payload, 8 + (size_t) n);
    if (s->ready) {
        /* create has returned: the container's error stream is where this can still be read */
        dprintf(STDERR_FILENO, "hako: %s: %s\n", (char *) payload + 8, err ? strerror(err) : "failed");
    }
    _exit(1);
}

static void await(struct stage *s, uint32_t expected) {
    uint8_t buffer[64];
    ssize_t n;
    do {
        n = recv(s->sync_fd, buffer, sizeof(buffer), 0);
    } while (n < 0 && errno == EINTR);
    if (n < 4) fail(s, n < 0 ? errno : 0, "wait for main: %s", n < 0 ? "receive failed" : "main went away");
    uint32_t type = (uint32_t) buffer[0] | (uint32_t) buffer[1] << 8 | (uint32_t) buffer[2] << 16
                    | (uint32_t) buffer[3] << 24;
    if (type != expected) fail(s, 0, "wait for main: message %u, expected %u", type, expected);
}

/* Waits for main's answer of type expected and keeps its payload (the bytes after the type), at most 1 MiB. */
static void await_payload(struct stage *s, uint32_t expected, char **payload, size_t *length) {
    size_t size = 1u << 20;
    uint8_t *buffer = malloc(size);
    if (buffer == NULL) fail(s, ENOMEM, "wait for main");
    ssize_t n;
    do {
        n = recv(s->sync_fd, buffer, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 4) fail(s, n < 0 ? errno : 0, "wait for main: %s", n < 0 ? "receive failed" : "main went away");
    uint32_t type = (uint32_t) buffer[0] | (uint32_t) buffer[1] << 8 | (uint32_t) buffer[2] << 16
                    | (uint32_t) buffer[3] << 24;
    if (type != expected) fail(s, 0, "wait for main: message %u, expected %u", type, expected);
    *length = (size_t) n - 4;
    memmove(buffer, buffer + 4, *length);
    *payload = (char *) buffer;
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t n = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t) length ? 0 : -1;
}

/* ---- paths inside the rootfs ------------------------------------------------------------------------------ */

static int resolve(struct stage *s, const char *path, int flags) {
    struct open_how how = {
        .flags = (uint64_t) (flags | O_CLOEXEC),
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    return (int) syscall(SYS_openat2, s->root_fd, path, &how, sizeof(how));
}

/* Splits "a/b/c" into a parent "a/b" and a last component "c" (in place). Refuses ".", ".." and "" as the last. */
static int split(char *path, char **parent, char **last) {
    size_t length = strlen(path);
    while (length > 1 && path[length - 1] == '/') path[--length] = '\0';
    char *slash = strrchr(path, '/');
    *last = slash == NULL ? path : slash + 1;
    if (**last == '\0' || strcmp(*last, ".") == 0 || strcmp(*last, "..") == 0) {
        errno = EINVAL;
        return -1;
    }
    if (slash == NULL) {
        *parent = ".";
    } else if (slash == path) {
        *parent = "/";
    } else {
        *slash = '\0';
        *parent = path;
    }
    return 0;
}

/*
 * Resolves path inside the rootfs the way the kernel would if the rootfs were "/", symlinks and ".." included,
 * into a path free of both (out must hold PATH_MAX). Components that do not exist yet are kept as they are.
 */
static int canonical(struct stage *s, const char *path, char *out) {
    char pending[2 * PATH_MAX]; /* what is left to resolve */
    size_t out_length = 0;
    int links = 0;
    if (strlen(path) >= PATH_MAX) return errno = ENAMETOOLONG, -1;
    strcpy(pending, path);
    out[0] = '\0';
    char *rest = pending;
    while (*rest != '\0') {
        while (*rest == '/') rest++;
        if (*rest == '\0') break;
        char *end = strchr(rest, '/');
        size_t length = end == NULL ? strlen(rest) : (size_t) (end - rest);
        char component[NAME_MAX + 1];
        if (length > NAME_MAX) return errno = ENAMETOOLONG, -1;
        memcpy(component, rest, length);
        component[length] = '\0';
        rest += length;
        if (strcmp(component, ".") == 0) continue;
        if (strcmp(component, "..") == 0) {
            char *slash = strrchr(out, '/');
            out_length = slash == NULL ? 0 : (size_t) (slash - out);
            out[out_length] = '\0';
            continue;
        }
        if (out_length + 1 + length >= PATH_MAX) return errno = ENAMETOOLONG, -1;
        out[out_length] = '/';
        memcpy(out + out_length + 1, component, length + 1);
        int fd = resolve(s, out, O_PATH | O_NOFOLLOW);
        if (fd < 0) {
            if (errno != ENOENT) return -1;
            out_length += 1 + length; /* missing: kept, to be made */
            continue;
        }
        struct stat st;
        if (fstat(fd, &st) < 0) {
            close(fd);
            return -1;
        }
        if (!S_ISLNK(st.st_mode)) {
            close(fd);
            out_length += 1 + length;
            continue;
        }
        char target[PATH_MAX];
        ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
        close(fd);
        if (n < 0) return -1;
        target[n] = '\0';
        if (++links > 40) return errno = ELOOP, -1;
        /* Continue with the link's target, then what followed the link. */
        char joined[2 * PATH_MAX];
        size_t rest_length = strlen(rest);
        if ((size_t) n + rest_length + 2 > sizeof(joined)) return errno = ENAMETOOLONG, -1;
        memcpy(joined, target, (size_t) n);
        joined[n] = '/';
        memcpy(joined + n + 1, rest, rest_length + 1);
        memcpy(pending, joined, (size_t) n + rest_length + 2);
        rest = pending;
        out[out_length] = '\0';
        if (target[0] == '/') {
            out_length = 0; /* absolute: from the rootfs's top */
            out[0] = '\0';
        }
    }
    if (out_length == 0) strcpy(out, "/");
    return 0;
}

/* Opens a directory in the rootfs, making it and its parents (0755) as needed, symlinks followed inside. */
static int open_dir(struct stage *s, const char *path) {
    char resolved[PATH_MAX];
    if (canonical(s, path, resolved) < 0) return -1;
    int dir = resolve(s, "/", O_PATH | O_DIRECTORY);
    if (dir < 0) return -1;
    char *component = resolved;
    while (*component != '\0') {
        while (*component == '/') component++;
        if (*component == '\0') break;
        char *end = strchr(component, '/');
        if (end != NULL) *end = '\0';
        if (mkdirat(dir, component, 0755) < 0 && errno != EEXIST) goto error;
        struct open_how how = {
            .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        /* No symlink is expected after canonical(): one here was put there meanwhile, and is refused. */
        int next = (int) syscall(SYS_openat2, dir, component, &how, sizeof(how));
        if (next < 0) goto error;
        close(dir);
        dir = next;
        if (end == NULL) break;
        component = end + 1;
    }
    return dir;

error: {
        int saved = errno;
        close(dir);
        errno = saved;
        return -1;
    }
}

/*
 * Opens (O_PATH) a mount point in the rootfs; kind 1 makes a missing one as a directory, kind 2 as an empty file.
 * Symlinks and ".." are resolved inside the rootfs: nothing in it can lead a mount outside.
 */
static int open_mount_point(struct stage *s, const char *path, uint64_t kind) {
    int fd = resolve(s, path, O_PATH);
    if (fd >= 0 || errno != ENOENT || kind == 0) return fd;
    if (kind == 1) return open_dir(s, path);
    char copy[PATH_MAX], *parent, *last;
    if (strlen(path) >= sizeof(copy)) return errno = ENAMETOOLONG, -1;
    strcpy(copy, path);
    if (split(copy, &parent, &last) < 0) return -1;
    int parent_fd = open_dir(s, parent);
    if (parent_fd < 0) return -1;
    int file = openat(parent_fd, last, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
    int saved = errno;
    close(parent_fd);
    if (file < 0) return errno = saved, -1;
    close(file);
    return resolve(s, path, O_PATH);
}

static void fd_path(char *buffer, size_t size, int fd) {
    snprintf(buffer, size, "/proc/self/fd/%d", fd);
}

/* The flags a bind remount must keep: the kernel refuses to clear locked ones (nosuid, nodev, ...). */
static unsigned long kept_flags(const char *path) {
    struct statvfs st;
    if (statvfs(path, &st) < 0) return 0;
    unsigned long flags = 0;
    if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
    if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
    if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
    if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
    if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
    if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
    return flags;
}

/* ---- operations ------------------------------------------------------------------------------------------- */

static void op_mount(struct stage *s, const struct plan_op *op) {
    const char *source = op->fields[0].string, *target = op->fields[1].string, *type = op->fields[2].string;
    unsigned long flags = (unsigned long) op->fields[3].number;
    const char *data = op->fields[4].string;
    if (s->root_fd < 0) fail(s, 0, "mount \"%s\" on \"%s\": no rootfs yet", source, target);
    int fd = open_mount_point(s, target, op->fields[5].number);
    if (fd < 0) fail(s, errno, "mount \"%s\" on \"%s\": open mount point", source, target);
    char where[64];
    fd_path(where, sizeof(where), fd);
    unsigned long propagation = flags & (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE);
    /* A bind mount takes only MS_BIND and MS_REC; a new filesystem takes its flags at once. */
    unsigned long first = (flags & MS_BIND) ? flags & (MS_BIND | MS_REC) : flags & ~(propagation | MS_REC);
    if (mount(*source ? source : NULL, where, *type ? type : NULL, first, *data ? data : NULL) < 0) {
        fail(s, errno, "mount \"%s\" on \"%s\" (type \"%s\")", source, target, type);
    }
    /* The other flags of a bind mount take effect on a remount of the new mount. */
    if ((flags & MS_BIND) && (flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_RELATIME
                                       | MS_STRICTATIME | MS_NODIRATIME))) {
        close(fd);
        fd = resolve(s, target, O_PATH);
        if (fd < 0) fail(s, errno, "remount \"%s\": reopen", target);
        fd_path(where, sizeof(where), fd);
        unsigned long remount = MS_BIND | MS_REMOUNT | (flags & ~(MS_BIND | MS_REC) & ~propagation) | kept_flags(where);
        if (mount(NULL, where, NULL, remount, NULL) < 0) fail(s, errno, "remount \"%s\" with its options", target);
    }
    if (propagation != 0) {
        close(fd);
        fd = resolve(s, target, O_PATH);
        if (fd < 0) fail(s, errno, "set propagation of \"%s\": reopen", target);
        fd_path(where, sizeof(where), fd);
        if (mount(NULL, where, NULL, propagation | (flags & MS_REC), NULL) < 0) {
            fail(s, errno, "set propagation of \"%s\"", target);
        }
    }
    close(fd);
}

static void op_remount(struct stage *s, const struct plan_op *op) {
    const char *target = op->fields[0].string;
    int fd = resolve(s, target, O_PATH);
    if (fd < 0) fail(s, errno, "remount \"%s\"", target);
    char where[64];
    fd_path(where, sizeof(where), fd);
    unsigned long flags = (unsigned long) op->fields[1].number | kept_flags(where);
    if (mount(NULL, where, NULL, flags, NULL) < 0) fail(s, errno, "remount \"%s\"", target);
    close(fd);
}

/* Writes "id host-id size" lines, three numbers of the list at a time, to a /proc/<pid>/{uid,gid}_map. */
static int write_map(pid_t pid, const char *file, const struct plan_field *map) {
    char path[64], text[4096];
    size_t used = 0;
    snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, file);
    for (uint32_t i = 0; i + 2 < map->length; i += 3) {
        int n = snprintf(text + used, sizeof(text) - used, "%u %u %u\n", map->numbers[i], map->numbers[i + 1],
                         map->numbers[i + 2]);
        if (n < 0 || (size_t) n >= sizeof(text) - used) {
            errno = E2BIG;
            return -1;
        }
        used += (size_t) n;
    }
    return write_file(path, text);
}

/*
 * An id-mapped mount, made while this process still has the host's privileges and sees the host's mounts: a
 * user namespace with the mount's maps (a child that makes it and waits; its maps written from here, as only
 * a process outside may), a detached copy of the source (open_tree), and the maps set on it (mount_setattr).
 * The copy is attached in the container's mount namespace by idmap-attach.
 */
static void op_idmap_prepare(struct stage *s, const struct plan_op *op) {
    const char *source = op->fields[0].string;
    int recursive = op->fields[1].number != 0;
    if (s->idmapped_count >= sizeof(s->idmapped) / sizeof(s->idmapped[0])) {
        fail(s, E2BIG, "idmap \"%s\": too many id-mapped mounts", source);
    }
    int release[2];
    if (pipe2(release, O_CLOEXEC) < 0) fail(s, errno, "idmap \"%s\": pipe", source);
    pid_t holder = (pid_t) syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL, 0);
    if (holder < 0) fail(s, errno, "idmap \"%s\": make a user namespace", source);
    if (holder == 0) {
        char byte;
        close(release[1]);
        while (read(release[0], &byte, 1) < 0 && errno == EINTR) {
        }
        _exit(0);
    }
    close(release[0]);
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/user", (int) holder);
    int userns = -1, error = 0;
    const char *step = "";
    if (write_map(holder, "uid_map", &op->fields[2]) < 0) {
        error = errno, step = "write uid_map";
    } else if (write_map(holder, "gid_map", &op->fields[3]) < 0) {
        error = errno, step = "write gid_map";
    } else if ((userns = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        error = errno, step = "open the user namespace";
    }
    close(release[1]);
    while (waitpid(holder, NULL, 0) < 0 && errno == EINTR) {
    }
    if (error != 0) fail(s, error, "idmap \"%s\": %s", source, step);

    int tree = (int) syscall(SYS_open_tree, AT_FDCWD, source,
                             OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
    if (tree < 0) fail(s, errno, "idmap \"%s\": open_tree", source);
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) userns};
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
                sizeof(attr)) < 0) {
        fail(s, errno, "idmap \"%s\": mount_setattr (does its filesystem support id-mapped mounts?)", source);
    }
    close(userns);
    s->idmapped[s->idmapped_count++] = tree;
}

/* Attaches a mount idmap-prepare made, then applies its flags as a bind mount's: on a remount. */
static void op_idmap_attach(struct stage *s, const struct plan_op *op) {
    uint64_t slot = op->fields[0].number;
    const char *target = op->fields[1].string;
    unsigned long flags = (unsigned long) op->fields[2].number;
    if (slot >= s->idmapped_count || s->idmapped[slot] < 0) fail(s, EINVAL, "idmap-attach %u: none prepared", (unsigned) slot);
    if (s->root_fd < 0) fail(s, 0, "idmap-attach \"%s\": no rootfs yet", target);
    int fd = open_mount_point(s, target, op->fields[3].number);
    if (fd < 0) fail(s, errno, "idmap-attach \"%s\": open mount point", target);
    if (syscall(SYS_move_mount, s->idmapped[slot], "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
        fail(s, errno, "idmap-attach \"%s\": move_mount", target);
    }
    close(s->idmapped[slot]);
    s->idmapped[slot] = -1;
    close(fd);
    unsigned long remount = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_RELATIME
                                     | MS_STRICTATIME | MS_NODIRATIME);
    if (remount != 0) {
        char where[64];
        fd = resolve(s, target, O_PATH);
        if (fd < 0) fail(s, errno, "remount \"%s\": reopen", target);
        fd_path(where, sizeof(where), fd);
        if (mount(NULL, where, NULL, MS_BIND | MS_REMOUNT | remount | kept_flags(where), NULL) < 0) {
            fail(s, errno, "remount \"%s\" with its options", target);
        }
        close(fd);
    }
}

static void op_rootfs(struct stage *s, const struct plan_op *op) {
    const char *rootfs = op->fields[0].string;
    /* pivot_root needs the new root to be a mount point: bind it on itself. */
    if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) fail(s, errno, "bind rootfs \"%s\"", rootfs);
    /* pivot_root refuses a shared new root: keep the bind to itself (its own propagation comes after the pivot). */
    if (mount(NULL, rootfs, NULL, MS_PRIVATE, NULL) < 0) fail(s, errno, "make rootfs \"%s\" private", rootfs);
    s->root_fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "open rootfs \"%s\"", rootfs);
}

static void op_pivot_root(struct stage *s) {
    int old_root = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (old_root < 0) fail(s, errno, "pivot_root: open /");
    if (fchdir(s->root_fd) < 0) fail(s, errno, "pivot_root: enter rootfs");
    /* pivot_root(".", ".") stacks the old root under the new one; then it is detached from there. */
    if (syscall(SYS_pivot_root, ".", ".") < 0) fail(s, errno, "pivot_root");
    if (fchdir(old_root) < 0) fail(s, errno, "pivot_root: enter old root");
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) fail(s, errno, "pivot_root: make old root a slave");
    if (umount2(".", MNT_DETACH) < 0) fail(s, errno, "pivot_root: detach old root");
    if (chdir("/") < 0) fail(s, errno, "pivot_root: chdir /");
    close(old_root);
    close(s->root_fd);
    s->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "pivot_root: open new root");
}

static void op_chroot(struct stage *s) {
    if (fchdir(s->root_fd) < 0) fail(s, errno, "chroot: enter rootfs");
    if (mount(".", "/", NULL, MS_MOVE, NULL) < 0) fail(s, errno, "chroot: move rootfs to /");
    if (chroot(".") < 0) fail(s, errno, "chroot");
    if (chdir("/") < 0) fail(s, errno, "chroot: chdir /");
    close(s->root_fd);
    s->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "chroot: open new root");
}

/*
 * Without a mount namespace the container shares the host's mounts: the rootfs's bind on itself and what is
 * mounted under it are new mounts in the host's namespace (main unmounts them at delete), but nothing may be
 * moved over the host's "/", so this is a plain chroot.
 */
static void op_enter_root(struct stage *s) {
    if (fchdir(s->root_fd) < 0) fail(s, errno, "chroot: enter rootfs");
    if (chroot(".") < 0) fail(s, errno, "chroot");
    if (chdir("/") < 0) fail(s, errno, "chroot: chdir /");
    close(s->root_fd);
    s->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "chroot: open new root");
}

static void op_mknod(struct stage *s, const struct plan_op *op) {
    char copy[PATH_MAX], *parent, *last;
    const char *path = op->fields[0].string;
    if (strlen(path) >= sizeof(copy)) fail(s, ENAMETOOLONG, "mknod \"%s\"", path);
    strcpy(copy, path);
    if (split(copy, &parent, &last) < 0) fail(s, errno, "mknod \"%s\"", path);
    int dir = open_dir(s, parent);
    if (dir < 0) fail(s, errno, "mknod \"%s\": open parent", path);
    mode_t mode = (mode_t) op->fields[1].number;
    dev_t dev = makedev((unsigned) op->fields[2].number, (unsigned) op->fields[3].number);
    if (mknodat(dir, last, mode, dev) < 0 && errno != EEXIST) fail(s, errno, "mknod \"%s\"", path);
    if (fchownat(dir, last, (uid_t) op->fields[4].number, (gid_t) op->fields[5].number, AT_SYMLINK_NOFOLLOW) < 0) {
        fail(s, errno, "chown \"%s\"", path);
    }
    close(dir);
}

static void op_symlink(struct stage *s, const struct plan_op *op) {
    char copy[PATH_MAX], *parent, *last;
    const char *target = op->fields[0].string, *link = op->fields[1].string;
    if (strlen(link) >= sizeof(copy)) fail(s, ENAMETOOLONG, "symlink \"%s\"", link);
    strcpy(copy, link);
    if (split(copy, &parent, &last) < 0) fail(s, errno, "symlink \"%s\"", link);
    int dir = open_dir(s, parent);
    if (dir < 0) fail(s, errno, "symlink \"%s\": open parent", link);
    if (symlinkat(target, dir, last) < 0 && errno != EEXIST) fail(s, errno, "symlink \"%s\" -> \"%s\"", link, target);
    close(dir);
}

static void op_mask_path(struct stage *s, const char *path) {
    int fd = resolve(s, path, O_PATH | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return; /* nothing to hide */
        fail(s, errno, "mask \"%s\"", path);
    }
    struct stat st;
    if (fstat(fd, &st) < 0) fail(s, errno, "mask \"%s\": stat", path);
    char where[64];
    fd_path(where, sizeof(where), fd);
    int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", where, "tmpfs", MS_RDONLY, "size=0")
                                 : mount("/dev/null", where, NULL, MS_BIND, NULL);
    if (rc < 0) fail(s, errno, "mask \"%s\"", path);
    close(fd);
}

static void op_readonly_path(struct stage *s, const char *path) {
    int fd = resolve(s, path, O_PATH | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return;
        fail(s, errno, "make \"%s\" read-only", path);
    }
    char where[64];
    fd_path(where, sizeof(where), fd);
    if (mount(where, where, NULL, MS_BIND | MS_REC, NULL) < 0) fail(s, errno, "make \"%s\" read-only: bind", path);
    close(fd);
    fd = resolve(s, path, O_PATH | O_NOFOLLOW);
    if (fd < 0) fail(s, errno, "make \"%s\" read-only: reopen", path);
    fd_path(where, sizeof(where), fd);
    if (mount(NULL, where, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC | kept_flags(where), NULL) < 0) {
        fail(s, errno, "make \"%s\" read-only: remount", path);
    }
    close(fd);
}

static void op_sysctl(struct stage *s, const char *key, const char *value) {
    char path[PATH_MAX];
    int n = snprintf(path, sizeof(path), "/proc/sys/%s", key);
    if (n < 0 || (size_t) n >= sizeof(path)) fail(s, ENAMETOOLONG, "sysctl \"%s\"", key);
    for (char *p = path + strlen("/proc/sys/"); *p; p++) {
        if (*p == '.') *p = '/';
        else if (*p == '/') *p = '.'; /* the kernel's own convention for keys holding a dot */
    }
    if (strstr(path, "..") != NULL) fail(s, EINVAL, "sysctl \"%s\"", key);
    if (write_file(path, value) < 0) fail(s, errno, "sysctl \"%s\" = \"%s\"", key, value);
}

static void op_capabilities(struct stage *s, const struct plan_op *op) {
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

static void op_find_executable(struct stage *s, const struct plan_op *op) {
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

/* Sends a message with a descriptor attached. */
static void send_with_fd(struct stage *s, uint32_t type, const char *payload, int fd) {
    uint8_t buffer[4 + 256];
    size_t length = strlen(payload);
    if (length > sizeof(buffer) - 4) length = sizeof(buffer) - 4;
    put_u32(buffer, type);
    memcpy(buffer + 4, payload, length);
    struct iovec iov = {.iov_base = buffer, .iov_len = 4 + length};
    union {
        char space[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof(control.space)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    while (sendmsg(s->sync_fd, &message, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR) fail(s, errno, "send a descriptor to main (message %u)", (unsigned) type);
    }
}

/*
 * A pseudo-terminal from the container's own devpts: its slave becomes the controlling terminal, the standard
 * streams and /dev/console; its master goes to main, which hands it to the engine's console socket.
 */
static void op_console(struct stage *s, const struct plan_op *op) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) fail(s, errno, "console: open /dev/ptmx");
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
        int console = open_mount_point(s, "/dev/console", 2);
        if (console < 0) fail(s, errno, "console: make /dev/console");
        char where[64];
        fd_path(where, sizeof(where), console);
        if (mount(name, where, NULL, MS_BIND, NULL) < 0) fail(s, errno, "console: bind \"%s\" on /dev/console", name);
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
static void op_seccomp(struct stage *s, const struct plan_op *op) {
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

/*
 * A createContainer or startContainer hook, run by the init in the container's namespaces: the container's state
 * on its stdin, killed after its timeout. A hook that fails fails the operation, as the spec says.
 */
static void op_run_hook(struct stage *s, const struct plan_op *op) {
    const char *path = op->fields[0].string;
    unsigned timeout = (unsigned) op->fields[3].number;
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
        execve(path, op->fields[1].strings, op->fields[2].strings);
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

static void op_wait_start(struct stage *s, uint64_t fifo_fd) {
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
        if (write_file("/proc/self/timens_offsets", line) < 0) fail(s, errno, "set time offsets \"%s\"", line);
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
        if (write_file("/proc/self/oom_score_adj", value) < 0) fail(s, errno, "set oom_score_adj %s", value);
        break;
    }
    case OP_UMASK: umask((mode_t) f[0].number); break;
    case OP_CHDIR:
        if (chdir(f[0].string) < 0) fail(s, errno, "chdir \"%s\"", f[0].string);
        break;
    case OP_GROUPS: {
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
    case OP_LSM_LABEL:
        /* AppArmor's "exec PROFILE" or an SELinux label: the kernel applies it at the next execve. */
        if (write_file(f[0].string, f[1].string) < 0) fail(s, errno, "set the LSM label \"%s\" in %s", f[1].string, f[0].string);
        break;
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
        execve(s->executable, f[0].strings, f[1].strings);
        /* main may be gone after start: say it where the container's output goes too */
        dprintf(STDERR_FILENO, "hako: exec \"%s\": %s\n", s->executable, strerror(errno));
        _exit(127);
    default:
        fail(s, ENOSYS, "operation \"%s\" is not supported by this stage", op->def->name);
    }
}

int stage_run(const struct plan *plan, int sync_fd) {
    struct stage s = {.sync_fd = sync_fd, .root_fd = -1};
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
