/*
 * What the stage's source files share: the state one operation leaves for the next, the sync channel to main,
 * path resolution inside the rootfs, and the operations perform() dispatches to. Nothing here is a public API.
 */
#ifndef HAKO_STAGE_OPS_H
#define HAKO_STAGE_OPS_H

#include "plan.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define STAGE_MAX_SOURCES 256

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
    char rootfs[PATH_MAX]; /* the rootfs's host path, symlinks resolved (for the no-pivot lock-down) */
    char home[PATH_MAX + 8]; /* "HOME=..." that exec adds to the environment, from default-home; or "" */
    struct {
        const char *path;  /* a bind source as the plan names it */
        int fd;            /* opened by the opener (O_PATH), or -1 */
    } sources[STAGE_MAX_SOURCES];
    uint32_t source_count;
    pid_t source_opener;   /* the process that opens them with the host's privileges, until they arrive */
    int source_channel;
};

/* A mount of this process's namespace, from /proc/self/mountinfo; the strings point into the table's text. */
struct mount_entry {
    char *root;        /* the path of the mounted filesystem that is mounted here ("/" for all of it) */
    char *mount_point;
    char *type;
    int shared;        /* in a peer group */
};

struct mount_table {
    char *text;
    struct mount_entry *entries;
    size_t count;
};

/* ---- channel.c: the sync protocol with main ---- */
void send_message(int fd, uint32_t type, const void *payload, size_t length);
void put_u32(uint8_t *p, uint32_t v);
/* Reports the failure of the current operation to main and ends this process. */
__attribute__((noreturn, format(printf, 3, 4))) void fail(struct stage *s, int err, const char *format, ...);
void await(struct stage *s, uint32_t expected);
void await_payload(struct stage *s, uint32_t expected, char **payload, size_t *length);
void send_with_fd(struct stage *s, uint32_t type, const char *payload, int fd);

/* ---- paths.c: paths inside the rootfs ---- */
int resolve(struct stage *s, const char *path, int flags);
int split(char *path, char **parent, char **last);
int canonical(struct stage *s, const char *path, char *out);
int open_dir(struct stage *s, const char *path);
int open_mount_point(struct stage *s, const char *path, uint64_t kind);
void fd_path(char *buffer, size_t size, int fd);
unsigned long kept_flags(const char *path);

/* ---- procfs.c: procfs files that no mount or symlink of the container can redirect ---- */
/* Opens path ("/proc/..."; "self" is this process) in a procfs of the stage's own; -1 with errno, and why saying
 * what failed and naming the file, a mount or symlink over it in this process's /proc included. */
int procfs_open(const char *path, int flags, char *why, size_t size);
/* Writes text to path, opened as procfs_open does; -1 with errno and why. */
int procfs_write(const char *path, const char *text, char *why, size_t size);

/* ---- mountinfo.c ---- */
int mountinfo_read(struct mount_table *table);
void mountinfo_free(struct mount_table *table);
/* Whether path is top or below it, by whole components. */
int path_is_under(const char *path, const char *top);

/* ---- copy.c: tmpcopyup ---- */
/* Copies the directory from's contents into to: files, directories, links, nodes, owners, modes, times, xattrs. */
int copy_tree(int from, int to, char *failed_path, size_t failed_size);

/* ---- sources.c: bind sources opened with the host's privileges ---- */
void op_prepare_sources(struct stage *s, const struct plan_op *op);
void op_receive_sources(struct stage *s);
/* "/proc/self/fd/N" of a source received before, in buffer; fails when it was not opened. */
const char *preopened_source(struct stage *s, const char *path, char *buffer, size_t size);

/* ---- mounts.c ---- */
void op_mount(struct stage *s, const struct plan_op *op);
void op_remount(struct stage *s, const struct plan_op *op);
void op_idmap_prepare(struct stage *s, const struct plan_op *op);
void op_idmap_attach(struct stage *s, const struct plan_op *op);
void op_mknod(struct stage *s, const struct plan_op *op);
void op_symlink(struct stage *s, const struct plan_op *op);
void op_mask_path(struct stage *s, const char *path);
void op_readonly_path(struct stage *s, const char *path);
void op_mount_setattr(struct stage *s, const struct plan_op *op);
void op_mount_own_cgroup(struct stage *s, const struct plan_op *op);
/* The container's /dev/null checked to be the null device (1:3): an O_PATH descriptor, or -1 (errno ENODEV: not it). */
int open_null_device(void);

/* ---- root.c ---- */
void op_rootfs(struct stage *s, const struct plan_op *op);
void op_pivot_root(struct stage *s);
void op_chroot(struct stage *s);
void op_enter_root(struct stage *s);

/* ---- process.c ---- */
void op_sysctl(struct stage *s, const char *key, const char *value);
void op_capabilities(struct stage *s, const struct plan_op *op);
void op_find_executable(struct stage *s, const struct plan_op *op);
void op_console(struct stage *s, const struct plan_op *op);
void op_seccomp(struct stage *s, const struct plan_op *op);
void op_run_hook(struct stage *s, const struct plan_op *op);
void op_wait_start(struct stage *s, uint64_t fifo_fd);
void op_default_home(struct stage *s, uint32_t uid);
void op_stdio_owner(struct stage *s, uint32_t uid);
void op_stdio_null(struct stage *s);
void op_loopback_up(struct stage *s);
void op_chdir(struct stage *s, const char *path, int make);
/* The process's environment from the plan, with the HOME default-home found. */
char **with_home(struct stage *s, const struct plan_field *env);

#endif
