#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * procfs files opened where nothing in the container can redirect them (CVE-2025-52881's class). Once the
 * configuration's mounts are made, the /proc a path names may have a bind mount or a symlink over any of its files
 * (a host file bound at /proc/sys/kernel/domainname): a plain open() would then write that file, not the kernel's.
 *
 * So a file is opened in a procfs of the stage's own, which no mount of the container reaches: a new instance
 * (fsopen), else a clone of /proc without what is mounted under it (open_tree, not recursive), else a recursive
 * clone, else /proc itself; its root checked to be a procfs's root. The lookup (openat2) crosses no mount and
 * follows no symlink, so "self" and "thread-self" are replaced by the pid as that procfs counts it, and the opened
 * file is checked to be procfs's again. A lookup that runs into a mount or a symlink fails (EXDEV, ELOOP).
 *
 * The same file is also looked up, that way, in the /proc this process sees: when something is mounted or linked
 * over it there, the operation is refused, rather than leave the container looking at another file than the one
 * set. Reaching the file this way takes no privilege, so that check, and the fall-back to /proc itself, also serve
 * a process that has dropped its capabilities (the LSM label is written after the capabilities are set).
 *
 * A kernel without openat2 (before 5.6) cannot run the stage at all (every rootfs path goes through it, paths.c);
 * fsopen and open_tree are older (5.2), and fail here only for want of privilege or on a mount namespace that
 * refuses a new procfs (one whose /proc is partly hidden), hence the fall-backs. Descriptors are never kept between
 * calls: one on a procfs of the host's pid namespace must not outlive the operation that needed it.
 */

#define PROC_ROOT_INO 1

/* fd when it is the root of a procfs; else -1, fd closed, errno EXDEV when it is not. */
static int procfs_root(int fd) {
    if (fd < 0) return -1;
    struct statfs fs;
    struct stat st;
    if (fstatfs(fd, &fs) < 0 || fstat(fd, &st) < 0) goto refused;
    if (fs.f_type != PROC_SUPER_MAGIC || st.st_ino != PROC_ROOT_INO) {
        errno = EXDEV;
        goto refused;
    }
    return fd;

refused: {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
}

/* A procfs that no mount of the container covers, or -1 (errno of the last way tried). */
static int private_procfs(void) {
    int context = (int) syscall(SYS_fsopen, "proc", FSOPEN_CLOEXEC);
    if (context >= 0) {
        int mount = -1;
        if (syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0) {
            mount = (int) syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC,
                                  MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
        }
        int saved = errno;
        close(context);
        errno = saved;
        if ((mount = procfs_root(mount)) >= 0) return mount;
    }
    /* Not recursive: the clone carries nothing mounted under /proc. Refused (EINVAL) where that would reveal
     * what a more privileged namespace's mounts hide; the recursive clone then has them, and the lookup's
     * RESOLVE_NO_XDEV stops at any of them. */
    int clone = procfs_root((int) syscall(SYS_open_tree, AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
    if (clone >= 0) return clone;
    return procfs_root(
            (int) syscall(SYS_open_tree, AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE));
}

static int lookup_in(int root, const char *path, int flags) {
    struct open_how how = {
        .flags = (uint64_t) (flags | O_CLOEXEC),
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS,
    };
    int fd = (int) syscall(SYS_openat2, root, path, &how, sizeof(how));
    if (fd < 0) return -1;
    struct statfs fs;
    int error = fstatfs(fd, &fs) < 0 ? errno : fs.f_type != PROC_SUPER_MAGIC ? EXDEV : 0;
    if (error == 0) return fd;
    close(fd);
    return errno = error, -1;
}

/* This process's pid as root's procfs counts it (its pid namespace may be another than the stage's). */
static int own_pid(int root, char *pid, size_t size) {
    struct open_how how = {
        .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS,
    };
    int self = (int) syscall(SYS_openat2, root, "self", &how, sizeof(how));
    if (self < 0) return -1;
    ssize_t n = readlinkat(self, "", pid, size - 1);
    int saved = errno;
    close(self);
    if (n <= 0) return errno = n < 0 ? saved : ENOENT, -1;
    pid[n] = '\0';
    for (ssize_t i = 0; i < n; i++) {
        if (pid[i] < '0' || pid[i] > '9') return errno = EXDEV, -1;
    }
    return 0;
}

/* Opens path, relative to a procfs's root, with "self" or "thread-self" first replaced by this process's pid. */
static int lookup(int root, const char *path, int flags) {
    char resolved[PATH_MAX], pid[24];
    size_t skip = strncmp(path, "self/", 5) == 0 ? 4 : strncmp(path, "thread-self/", 12) == 0 ? 11 : 0;
    if (skip == 0) return lookup_in(root, path, flags);
    if (own_pid(root, pid, sizeof(pid)) < 0) return -1;
    /* thread-self is pid/task/tid: the stage has one thread, whose tid is the pid. */
    int n = skip == 4 ? snprintf(resolved, sizeof(resolved), "%s%s", pid, path + skip)
                      : snprintf(resolved, sizeof(resolved), "%s/task/%s%s", pid, pid, path + skip);
    if (n < 0 || (size_t) n >= sizeof(resolved)) return errno = ENAMETOOLONG, -1;
    return lookup_in(root, resolved, flags);
}

static void covered(const char *path, int error, char *why, size_t size) {
    snprintf(why, size, "%s is not procfs's own (%s)", path,
             error == ELOOP ? "a symlink in its path?" : "a mount over it?");
}

int procfs_open(const char *path, int flags, char *why, size_t size) {
    if (strncmp(path, "/proc/", 6) != 0 || path[6] == '\0') {
        snprintf(why, size, "%s is not a procfs path", path);
        return errno = EINVAL, -1;
    }
    const char *relative = path + 6;
    int view = procfs_root(open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (view >= 0) {
        int seen = lookup(view, relative, O_PATH);
        int error = errno;
        if (seen >= 0) {
            close(seen);
        } else if (error == EXDEV || error == ELOOP) {
            close(view);
            covered(path, error, why, size);
            return errno = error, -1;
        } /* else absent where this process looks (hidepid, another pid namespace's /proc): nothing covers it */
    }
    int root = private_procfs();
    int root_error = errno;
    if (root < 0) {
        root = view;
    } else if (view >= 0) {
        close(view);
    }
    if (root < 0) {
        snprintf(why, size, "no procfs to open %s in (/proc is none, and making one failed)", path);
        return errno = root_error, -1;
    }
    int fd = lookup(root, relative, flags);
    int error = errno;
    close(root);
    if (fd >= 0) return fd;
    if (error == EXDEV || error == ELOOP) {
        covered(path, error, why, size);
    } else {
        snprintf(why, size, "open %s", path);
    }
    return errno = error, -1;
}

int procfs_write(const char *path, const char *text, char *why, size_t size) {
    int fd = procfs_open(path, O_WRONLY, why, size);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t n = write(fd, text, length);
    int saved = n < 0 ? errno : EIO; /* procfs takes a write whole or refuses it */
    close(fd);
    if (n == (ssize_t) length) return 0;
    snprintf(why, size, "write %s", path);
    return errno = saved, -1;
}
