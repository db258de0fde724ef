/*
 * The plan: what main (the JVM) decided, as a list of primitive operations for the stage to perform.
 *
 * Wire format, little-endian, written by io.hako.container.internal.plan.PlanEncoder:
 *
 *   plan    := magic:u32 ("HKPL") version:u16 flags:u16 (0) count:u32 op{count}
 *   op      := tag:u16 reserved:u16 (0) length:u32 payload[length]
 *   payload := the fields of the op's signature (see OP_DEFS), exactly filling length
 *   field   := u32 | u64 | i64                          ('u', 'U', 'I')
 *            | str  = length:u32 byte{length}            ('s': no NUL inside)
 *            | strs = count:u32 str{count}               ('S')
 *            | u32s = count:u32 u32{count}               ('L')
 *            | blob = length:u32 byte{length}            ('b')
 *
 * Every length and count is checked against what is left of the input and against the limits below; an
 * unknown tag, a short read or trailing bytes are errors. Decoding never trusts the input.
 */
#ifndef HAKO_PLAN_H
#define HAKO_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PLAN_MAGIC 0x4c504b48u /* "HKPL" */
#define PLAN_VERSION 1
#define PLAN_MAX_SIZE (16u << 20)
#define PLAN_MAX_OPS 4096u
#define PLAN_MAX_FIELDS 8
#define PLAN_MAX_STRING 65536u
#define PLAN_MAX_LIST 4096u
#define PLAN_MAX_BLOB (1u << 20)

/* Operation tags. The Java side (OpCode) must agree; PlanCodecTest checks it through `--list-ops`. */
enum op_tag {
    /* intermediate: namespaces, then the fork of the init */
    OP_JOIN_NAMESPACE = 1,
    OP_UNSHARE = 2,
    OP_AWAIT_ID_MAPS = 3,
    OP_SET_IDS = 4,
    OP_TIME_OFFSET = 5,
    OP_FORK_INIT = 6,
    /* init: the container's own set-up */
    OP_SETSID = 10,
    OP_ROOT_PROPAGATION = 11,
    OP_ROOTFS = 12,
    OP_MOUNT = 13,
    OP_REMOUNT = 14,
    OP_PIVOT_ROOT = 15,
    OP_CHROOT = 16,
    OP_MKNOD = 17,
    OP_SYMLINK = 18,
    OP_MASK_PATH = 19,
    OP_READONLY_PATH = 20,
    OP_SYSCTL = 21,
    OP_HOSTNAME = 22,
    OP_DOMAINNAME = 23,
    OP_RLIMIT = 24,
    OP_OOM_SCORE_ADJ = 25,
    OP_UMASK = 26,
    OP_CHDIR = 27,
    OP_GROUPS = 28,
    OP_USER = 29,
    OP_CAPABILITIES = 30,
    OP_NO_NEW_PRIVILEGES = 31,
    OP_SECCOMP = 32,
    OP_LSM_LABEL = 33,
    OP_CONSOLE = 34,
    OP_FIND_EXECUTABLE = 35,
    OP_READY = 36,
    OP_WAIT_START = 37,
    OP_EXEC = 38,
    OP_ENTER_ROOT = 39,
    OP_IDMAP_PREPARE = 40,
    OP_IDMAP_ATTACH = 41,
    OP_AWAIT_CGROUP = 42,
    OP_JOIN_SESSION_KEYRING = 43,
    OP_AWAIT_HOOKS = 44,
    OP_RUN_HOOK = 45,
    OP_MOUNT_SETATTR = 46,
    OP_DEFAULT_HOME = 47,
    OP_STDIO_OWNER = 48,
    OP_PREPARE_SOURCES = 49,
    OP_RECEIVE_SOURCES = 50,
    OP_MOUNT_OWN_CGROUP = 51,
    OP_STDIO_NULL = 52,
    OP_LOOPBACK_UP = 53,
};

/* Bits of a mount operation's last field (OpCode's MOUNT_* constants). */
#define MOUNT_COPY_UP 1u            /* a tmpfs starts with a copy of what was at its target */
#define MOUNT_ORDINARY_DIRECTORY 2u /* the target must be a directory (proc, sysfs), not a symlink or file */
#define MOUNT_PREOPENED_SOURCE 4u   /* the source was opened by receive-sources: bind from its descriptor */
#define MOUNT_INSIDE_PROC 8u        /* the target may be a procfs file (one lxcfs emulates); else procfs is refused */

struct op_def {
    uint16_t tag;
    const char *name;      /* as printed: "join-namespace" */
    const char *signature; /* one letter per field, see the wire format */
};

/* All operations, ending with a zero tag. */
extern const struct op_def OP_DEFS[];

struct plan_field {
    char type;
    uint64_t number;   /* 'u', 'U', 'I' (an i64 is stored as its bits) */
    char *string;      /* 's': NUL-terminated; 'b': the bytes */
    uint32_t length;   /* 's', 'b': bytes; 'S', 'L': elements */
    char **strings;    /* 'S': NULL-terminated array */
    uint32_t *numbers; /* 'L' */
};

struct plan_op {
    const struct op_def *def;
    struct plan_field fields[PLAN_MAX_FIELDS];
};

struct plan {
    uint32_t count;
    struct plan_op *ops;
};

/* The definition of a tag, or NULL. */
const struct op_def *op_def_of(uint16_t tag);

/*
 * Decodes a plan. On success returns 0 and fills *out (release it with plan_free); on failure returns -1, leaves
 * *out empty and writes why (with the byte offset) into err.
 */
int plan_decode(const uint8_t *input, size_t length, struct plan *out, char *err, size_t err_size);

void plan_free(struct plan *plan);

/* One line per operation: its name and fields, the canonical text both sides print. */
void plan_print(const struct plan *plan, FILE *out);

#endif
