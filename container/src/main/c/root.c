#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Entering the rootfs: its bind on itself, then pivot_root, chroot with the root moved, or a plain chroot. */

void op_rootfs(struct stage *s, const struct plan_op *op) {
    const char *rootfs = op->fields[0].string;
    /* pivot_root needs the new root to be a mount point: bind it on itself. */
    if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) fail(s, errno, "bind rootfs \"%s\"", rootfs);
    /* pivot_root refuses a shared new root: keep the bind to itself (its own propagation comes after the pivot). */
    if (mount(NULL, rootfs, NULL, MS_PRIVATE, NULL) < 0) fail(s, errno, "make rootfs \"%s\" private", rootfs);
    s->root_fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
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

void op_chroot(struct stage *s) {
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
