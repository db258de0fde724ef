#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

/* Mounts in the rootfs: filesystems, binds, id-mapped binds, device nodes, links, masked and read-only paths. */

/* A target that must be an ordinary directory (proc, sysfs) and is something else, a symlink above all, is refused. */
static void require_directory(struct stage *s, const char *type, const char *target) {
    int fd = resolve(s, target, O_PATH | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return; /* made as a directory */
        fail(s, errno, "mount \"%s\" on \"%s\"", type, target);
    }
    struct stat st;
    if (fstat(fd, &st) < 0) fail(s, errno, "mount \"%s\" on \"%s\": stat", type, target);
    close(fd);
    if (!S_ISDIR(st.st_mode)) {
        fail(s, 0, "mount \"%s\" on \"%s\": filesystem \"%s\" must be mounted on ordinary directory", type, target,
             type);
    }
}

/* Fills a tmpfs just mounted over a directory of the image with that directory's contents (tmpcopyup). */
static void copy_up(struct stage *s, int image_dir, const char *target) {
    int fd = resolve(s, target, O_RDONLY | O_DIRECTORY);
    if (fd < 0) fail(s, errno, "tmpcopyup \"%s\": open the new tmpfs", target);
    char failed[PATH_MAX];
    if (copy_tree(image_dir, fd, failed, sizeof(failed)) < 0) {
        fail(s, errno, "tmpcopyup \"%s\": copy \"%s\"", target, failed);
    }
    close(fd);
}

/*
 * Mounts from (what mount(2) gets as its source; source is how errors name it) on target in the rootfs, with the
 * flags and the behaviour bits of a mount operation.
 */
static void mount_in_rootfs(struct stage *s, const char *source, const char *from, const char *target,
                            const char *type, unsigned long flags, const char *data, uint64_t kind,
                            uint64_t behaviour) {
    if (s->root_fd < 0) fail(s, 0, "mount \"%s\" on \"%s\": no rootfs yet", source, target);
    if (behaviour & MOUNT_ORDINARY_DIRECTORY) require_directory(s, type, target);
    /* A tmpfs over a directory of the image keeps that directory's mode (runc), and with tmpcopyup its contents:
     * opened before the mount, the directory stays readable through its descriptor once covered. */
    int tmpfs = strcmp(type, "tmpfs") == 0 && !(flags & MS_BIND);
    int probe = tmpfs ? resolve(s, target, O_PATH) : -1;
    int existed = probe >= 0;
    if (probe >= 0) close(probe);
    int fd = open_mount_point(s, target, kind);
    if (fd < 0) fail(s, errno, "mount \"%s\" on \"%s\": open mount point", source, target);
    /* The planner refuses destinations inside /proc; one reached through a symlink of the rootfs is caught here,
     * where it is resolved: a mount there could cover a file hako writes or masks (runc checks where it resolves). */
    struct statfs target_fs;
    if (fstatfs(fd, &target_fs) < 0) fail(s, errno, "mount \"%s\" on \"%s\": statfs", source, target);
    if (target_fs.f_type == PROC_SUPER_MAGIC && !(behaviour & MOUNT_INSIDE_PROC)) {
        fail(s, 0, "mount \"%s\" on \"%s\": the destination leads inside /proc, where nothing but a few files "
             "lxcfs emulates may be mounted", source, target);
    }
    char where[64];
    fd_path(where, sizeof(where), fd);
    int covered = -1;
    struct stat covered_stat;
    if (existed) {
        covered = open(where, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (covered < 0 || fstat(covered, &covered_stat) < 0) fail(s, errno, "mount on \"%s\": open it", target);
    }
    unsigned long propagation = flags & (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE);
    /* A bind mount takes only MS_BIND and MS_REC; a new filesystem takes its flags at once. */
    unsigned long first = (flags & MS_BIND) ? flags & (MS_BIND | MS_REC) : flags & ~(propagation | MS_REC);
    if (mount(*from ? from : NULL, where, *type ? type : NULL, first, *data ? data : NULL) < 0) {
        fail(s, errno, "mount \"%s\" on \"%s\" (type \"%s\")", source, target, type);
    }
    if (covered >= 0) {
        if (behaviour & MOUNT_COPY_UP) copy_up(s, covered, target);
        /* Its own root keeps the covered directory's mode, not its owner: runc and crun alike. */
        int top = resolve(s, target, O_RDONLY | O_DIRECTORY);
        if (top < 0 || fchmod(top, covered_stat.st_mode & 07777) < 0) {
            fail(s, errno, "mount on \"%s\": give the tmpfs the covered directory's mode", target);
        }
        close(top);
        close(covered);
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

void op_mount(struct stage *s, const struct plan_op *op) {
    const char *source = op->fields[0].string;
    uint64_t behaviour = op->fields[6].number;
    char opened[64];
    const char *from = (behaviour & MOUNT_PREOPENED_SOURCE) ? preopened_source(s, source, opened, sizeof(opened))
                                                            : source;
    mount_in_rootfs(s, source, from, op->fields[1].string, op->fields[2].string, (unsigned long) op->fields[3].number,
                    op->fields[4].string, op->fields[5].number, behaviour);
}

/*
 * The cgroup this process is in, of one hierarchy, bound at a target: its path from /proc/self/cgroup (the line
 * whose controllers are key; "" is cgroup2's 0:: line) under the hierarchy's mount point. So the container sees
 * the cgroup its init is really in, as runc shows it.
 */
void op_mount_own_cgroup(struct stage *s, const struct plan_op *op) {
    const char *key = op->fields[0].string, *mount_point = op->fields[1].string, *target = op->fields[2].string;
    char why[96];
    int fd = procfs_open("/proc/self/cgroup", O_RDONLY, why, sizeof(why));
    FILE *own = fd < 0 ? NULL : fdopen(fd, "r");
    if (own == NULL) {
        fail(s, errno, "cgroup \"%s\" on \"%s\": %s", key, target, fd < 0 ? why : "read /proc/self/cgroup");
    }
    char line[PATH_MAX + 256], source[2 * PATH_MAX];
    source[0] = '\0';
    while (fgets(line, sizeof(line), own) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        /* hierarchy-id:controllers:path */
        char *controllers = strchr(line, ':');
        char *path = controllers == NULL ? NULL : strchr(controllers + 1, ':');
        if (path == NULL) continue;
        *path++ = '\0';
        if (strcmp(controllers + 1, key) != 0) continue;
        snprintf(source, sizeof(source), "%s%s", mount_point, strcmp(path, "/") == 0 ? "" : path);
        break;
    }
    fclose(own);
    if (source[0] == '\0') fail(s, 0, "cgroup \"%s\" on \"%s\": this process is in no cgroup of it", key, target);
    mount_in_rootfs(s, source, source, target, "", (unsigned long) op->fields[3].number, "", 1, 0);
}

void op_remount(struct stage *s, const struct plan_op *op) {
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
static int write_map(pid_t pid, const char *file, const struct plan_field *map, char *why, size_t size) {
    char path[64], text[4096];
    size_t used = 0;
    snprintf(path, sizeof(path), "/proc/%d/%s", (int) pid, file);
    for (uint32_t i = 0; i + 2 < map->length; i += 3) {
        int n = snprintf(text + used, sizeof(text) - used, "%u %u %u\n", map->numbers[i], map->numbers[i + 1],
                         map->numbers[i + 2]);
        if (n < 0 || (size_t) n >= sizeof(text) - used) {
            snprintf(why, size, "%s: too many ranges", path);
            return errno = E2BIG, -1;
        }
        used += (size_t) n;
    }
    return procfs_write(path, text, why, size);
}

/*
 * An id-mapped mount, made while this process still has the host's privileges and sees the host's mounts: a
 * user namespace with the mount's maps (a child that makes it and waits; its maps written from here, as only
 * a process outside may), a detached copy of the source (open_tree), and the maps set on it (mount_setattr).
 * The copy is attached in the container's mount namespace by idmap-attach.
 */
void op_idmap_prepare(struct stage *s, const struct plan_op *op) {
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
    char step[128] = "";
    if (write_map(holder, "uid_map", &op->fields[2], step, sizeof(step)) < 0) {
        error = errno;
    } else if (write_map(holder, "gid_map", &op->fields[3], step, sizeof(step)) < 0) {
        error = errno;
    } else if ((userns = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        error = errno;
        snprintf(step, sizeof(step), "open the user namespace");
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
void op_idmap_attach(struct stage *s, const struct plan_op *op) {
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

void op_mknod(struct stage *s, const struct plan_op *op) {
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

void op_symlink(struct stage *s, const struct plan_op *op) {
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

/*
 * The container's /dev/null: the null device itself (character 1:3), never what a rootfs's /dev/null leads to or is
 * instead (a symlink to a procfs file would unmask a masked file: CVE-2025-31133's class). An O_PATH descriptor, or
 * -1 with errno (ENODEV when it is something else than the null device).
 */
int open_null_device(void) {
    int null = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (null < 0) return -1;
    struct stat st;
    int error = fstat(null, &st) < 0 ? errno : !S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3) ? ENODEV : 0;
    if (error == 0) return null;
    close(null);
    return errno = error, -1;
}

void op_mask_path(struct stage *s, const char *path) {
    int fd = resolve(s, path, O_PATH | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return; /* nothing to hide */
        fail(s, errno, "mask \"%s\"", path);
    }
    struct stat st;
    if (fstat(fd, &st) < 0) fail(s, errno, "mask \"%s\": stat", path);
    char where[64];
    fd_path(where, sizeof(where), fd);
    int rc;
    if (S_ISDIR(st.st_mode)) {
        rc = mount("tmpfs", where, "tmpfs", MS_RDONLY, "size=0");
    } else {
        int null = open_null_device();
        if (null < 0 && errno == ENODEV) {
            fail(s, 0, "mask \"%s\": /dev/null in the container is not the null device (character 1:3): refused", path);
        }
        if (null < 0) fail(s, errno, "mask \"%s\": open /dev/null", path);
        char source[64];
        fd_path(source, sizeof(source), null);
        rc = mount(source, where, NULL, MS_BIND, NULL);
        close(null);
    }
    if (rc < 0) fail(s, errno, "mask \"%s\"", path);
    close(fd);
}

void op_readonly_path(struct stage *s, const char *path) {
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

/* Recursive mount attributes (rro, rnosuid, ...): mount_setattr on the mount and everything under it. */
void op_mount_setattr(struct stage *s, const struct plan_op *op) {
    const char *target = op->fields[0].string;
    int fd = resolve(s, target, O_PATH);
    if (fd < 0) fail(s, errno, "set recursive attributes of \"%s\"", target);
    struct mount_attr attr = {.attr_set = op->fields[1].number, .attr_clr = op->fields[2].number};
    if (syscall(SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0) {
        fail(s, errno, "set recursive attributes of \"%s\" (set 0x%llx, clear 0x%llx)", target,
             (unsigned long long) attr.attr_set, (unsigned long long) attr.attr_clr);
    }
    close(fd);
}
