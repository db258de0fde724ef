#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Entering the rootfs: its bind on itself, then pivot_root, chroot with the root moved, or a plain chroot. */

/*
 * Makes the mount that holds the rootfs private when it is shared (runc's rootfsParentMountPrivate): the rootfs's
 * bind on itself must not propagate to the host's peers, and pivot_root refuses a new root whose parent is shared.
 */
static void make_parent_private(struct stage *s, const char *rootfs) {
    struct mount_table table;
    if (mountinfo_read(&table) < 0) fail(s, errno, "rootfs \"%s\": read /proc/self/mountinfo", rootfs);
    const struct mount_entry *parent = NULL;
    for (size_t i = 0; i < table.count; i++) {
        const struct mount_entry *entry = &table.entries[i];
        /* The deepest mount point above the rootfs; of several on one point, the last (the top one) holds it. */
        if (path_is_under(rootfs, entry->mount_point)
            && (parent == NULL || strlen(entry->mount_point) >= strlen(parent->mount_point))) {
            parent = entry;
        }
    }
    if (parent != NULL && parent->shared && mount(NULL, parent->mount_point, NULL, MS_PRIVATE, NULL) < 0) {
        int saved = errno;
        mountinfo_free(&table);
        fail(s, saved, "rootfs \"%s\": make its parent mount private", rootfs);
    }
    mountinfo_free(&table);
}

void op_rootfs(struct stage *s, const struct plan_op *op) {
    const char *rootfs = op->fields[0].string;
    if (realpath(rootfs, s->rootfs) == NULL) fail(s, errno, "rootfs \"%s\"", rootfs);
    if (op->fields[1].number) make_parent_private(s, s->rootfs);
    /* pivot_root needs the new root to be a mount point: bind it on itself. */
    if (mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) fail(s, errno, "bind rootfs \"%s\"", rootfs);
    s->root_fd = open(s->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "open rootfs \"%s\"", rootfs);
}

void op_pivot_root(struct stage *s) {
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

/*
 * Before a chroot without pivot_root: the host's procfs and sysfs mounts stay in the container's mount namespace,
 * and while one whole such filesystem is reachable there the kernel lets the container mount another (a nested
 * `unshare -mrpf mount -t proc` would see a full /proc). So each is detached, as runc does; where that is refused,
 * a tmpfs covers it.
 */
static void hide_host_proc_and_sys(struct stage *s) {
    struct mount_table table;
    if (mountinfo_read(&table) < 0) fail(s, errno, "no-pivot: read /proc/self/mountinfo");
    for (size_t i = 0; i < table.count; i++) {
        const struct mount_entry *entry = &table.entries[i];
        if (strcmp(entry->root, "/") != 0 || (strcmp(entry->type, "proc") != 0 && strcmp(entry->type, "sysfs") != 0)
            || path_is_under(entry->mount_point, s->rootfs)) {
            continue;
        }
        /* Never let the unmount reach the host. Gone already: a mount above it was detached before. */
        if (mount(NULL, entry->mount_point, NULL, MS_SLAVE | MS_REC, NULL) < 0) {
            if (errno == ENOENT) continue;
            int saved = errno;
            mountinfo_free(&table);
            fail(s, saved, "no-pivot: make \"%s\" a slave", entry->mount_point);
        }
        if (umount2(entry->mount_point, MNT_DETACH) < 0) {
            int saved = errno;
            if ((saved != EINVAL && saved != EPERM) || mount("tmpfs", entry->mount_point, "tmpfs", 0, NULL) < 0) {
                saved = saved == EINVAL || saved == EPERM ? errno : saved;
                mountinfo_free(&table);
                fail(s, saved, "no-pivot: hide the host's \"%s\"", entry->mount_point);
            }
        }
    }
    mountinfo_free(&table);
}

void op_chroot(struct stage *s) {
    hide_host_proc_and_sys(s);
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
void op_enter_root(struct stage *s) {
    if (fchdir(s->root_fd) < 0) fail(s, errno, "chroot: enter rootfs");
    if (chroot(".") < 0) fail(s, errno, "chroot");
    if (chdir("/") < 0) fail(s, errno, "chroot: chdir /");
    close(s->root_fd);
    s->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (s->root_fd < 0) fail(s, errno, "chroot: open new root");
}
