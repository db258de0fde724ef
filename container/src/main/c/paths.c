#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Paths inside the rootfs: every lookup goes through openat2 with RESOLVE_IN_ROOT from the rootfs's descriptor,
 * so that nothing in the rootfs (symlinks, "..") can lead an operation outside it.
 */

int resolve(struct stage *s, const char *path, int flags) {
    struct open_how how = {
        .flags = (uint64_t) (flags | O_CLOEXEC),
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    return (int) syscall(SYS_openat2, s->root_fd, path, &how, sizeof(how));
}

/* Splits "a/b/c" into a parent "a/b" and a last component "c" (in place). Refuses ".", ".." and "" as the last. */
int split(char *path, char **parent, char **last) {
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
int canonical(struct stage *s, const char *path, char *out) {
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
int open_dir(struct stage *s, const char *path) {
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
int open_mount_point(struct stage *s, const char *path, uint64_t kind) {
    int fd = resolve(s, path, O_PATH);
    if (fd >= 0 || errno != ENOENT || kind == 0) return fd;
    if (kind == 1) return open_dir(s, path);
    /* Made where the path leads inside the rootfs: a dangling symlink (an image's /etc/resolv.conf) gets its
     * target made, as runc and crun do, instead of an O_NOFOLLOW refusal of the link. */
    char copy[PATH_MAX], *parent, *last;
    if (canonical(s, path, copy) < 0) return -1;
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

void fd_path(char *buffer, size_t size, int fd) {
    snprintf(buffer, size, "/proc/self/fd/%d", fd);
}

/* The flags a bind remount must keep: the kernel refuses to clear locked ones (nosuid, nodev, ...). */
unsigned long kept_flags(const char *path) {
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
