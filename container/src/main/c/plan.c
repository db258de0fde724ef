#include "plan.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct op_def OP_DEFS[] = {
    {OP_JOIN_NAMESPACE, "join-namespace", "us"},     /* CLONE_NEW* flag, namespace file */
    {OP_UNSHARE, "unshare", "u"},                    /* CLONE_NEW* flags */
    {OP_AWAIT_ID_MAPS, "await-id-maps", ""},         /* main writes uid_map/gid_map, then answers */
    {OP_SET_IDS, "set-ids", "uu"},                   /* setresgid, setresuid: become root of a new user namespace */
    {OP_TIME_OFFSET, "time-offset", "uIu"},          /* clock id, seconds, nanoseconds */
    {OP_FORK_INIT, "fork-init", ""},                 /* clone(CLONE_PARENT); the rest is the init's */
    {OP_SETSID, "setsid", ""},
    {OP_ROOT_PROPAGATION, "root-propagation", "U"},  /* MS_* propagation of / in the mount namespace */
    {OP_ROOTFS, "rootfs", "su"},                     /* the root filesystem: bound on itself, base of every container path; 1: parent private first */
    {OP_MOUNT, "mount", "sssUsuu"},                  /* source, target in the rootfs, type, MS_* flags, data, mount point: 0 existing 1 dir 2 file, MOUNT_* bits */
    {OP_REMOUNT, "remount", "sU"},                   /* target in the rootfs, MS_* flags */
    {OP_PIVOT_ROOT, "pivot-root", ""},               /* into the rootfs */
    {OP_CHROOT, "chroot", ""},                       /* into the rootfs without pivot_root (ramfs hosts) */
    {OP_MKNOD, "mknod", "suuuuu"},                   /* path, mode with type bits, major, minor, uid, gid */
    {OP_SYMLINK, "symlink", "ss"},                   /* target, link */
    {OP_MASK_PATH, "mask-path", "s"},
    {OP_READONLY_PATH, "readonly-path", "s"},
    {OP_SYSCTL, "sysctl", "ss"},                     /* key, value */
    {OP_HOSTNAME, "hostname", "s"},
    {OP_DOMAINNAME, "domainname", "s"},
    {OP_RLIMIT, "rlimit", "uUU"},                    /* resource, soft, hard */
    {OP_OOM_SCORE_ADJ, "oom-score-adj", "I"},
    {OP_UMASK, "umask", "u"},
    {OP_CHDIR, "chdir", "su"},                       /* directory, 1: made if missing */
    {OP_GROUPS, "groups", "L"},                      /* supplementary gids */
    {OP_USER, "user", "uu"},                         /* uid, gid (keeping capabilities for the next operation) */
    {OP_CAPABILITIES, "capabilities", "UUUUU"},      /* bounding, effective, permitted, inheritable, ambient */
    {OP_NO_NEW_PRIVILEGES, "no-new-privileges", ""},
    {OP_SECCOMP, "seccomp", "ub"},                   /* seccomp(2) flags, BPF program */
    {OP_LSM_LABEL, "lsm-label", "ss"},               /* attribute file, label */
    {OP_CONSOLE, "console", "uu"},                   /* rows, columns */
    {OP_FIND_EXECUTABLE, "find-executable", "sS"},   /* file, looked up in PATH of the environment given */
    {OP_READY, "ready", ""},
    {OP_WAIT_START, "wait-start", "u"},              /* descriptor of the exec fifo */
    {OP_EXEC, "exec", "SS"},                         /* argv, envp, of the file found before */
    {OP_ENTER_ROOT, "enter-root", ""},               /* chroot into the rootfs: no mount namespace */
    {OP_IDMAP_PREPARE, "idmap-prepare", "suLL"},     /* source, recursive, uid and gid maps (id, host id, size)... */
    {OP_IDMAP_ATTACH, "idmap-attach", "usUu"},       /* prepared mount's index, destination, MS_* flags, kind */
    {OP_AWAIT_CGROUP, "await-cgroup", ""},           /* main moves this process into the container's cgroup */
    {OP_JOIN_SESSION_KEYRING, "join-session-keyring", "s"}, /* a new session keyring, by name */
    {OP_AWAIT_HOOKS, "await-hooks", ""},             /* main runs its hooks and sends the state for ours */
    {OP_RUN_HOOK, "run-hook", "sSSuu"},              /* path, argv, envp, timeout in seconds (0: none), envp is the process's */
    {OP_MOUNT_SETATTR, "mount-setattr", "sUU"},      /* target in the rootfs, MOUNT_ATTR_* to set, to clear, recursively */
    {OP_DEFAULT_HOME, "default-home", "u"},          /* uid whose home in /etc/passwd becomes HOME (no HOME in the env) */
    {OP_STDIO_OWNER, "stdio-owner", "u"},            /* uid the standard streams are given to */
    {OP_PREPARE_SOURCES, "prepare-sources", "S"},    /* bind sources: fork their opener, still in the host's user namespace */
    {OP_RECEIVE_SOURCES, "receive-sources", ""},     /* the opener opens them in the new mount namespace and sends them */
    {OP_MOUNT_OWN_CGROUP, "mount-own-cgroup", "sssU"}, /* /proc/self/cgroup key, hierarchy mount point, target, MS_* flags */
    {OP_STDIO_NULL, "stdio-null", ""},               /* streams on the null device: the container's own null device */
    {OP_LOOPBACK_UP, "loopback-up", ""},             /* lo up in the network namespace just made */
    {0, NULL, NULL},
};

const struct op_def *op_def_of(uint16_t tag) {
    for (const struct op_def *d = OP_DEFS; d->name != NULL; d++) {
        if (d->tag == tag) {
            return d;
        }
    }
    return NULL;
}

struct reader {
    const uint8_t *data;
    size_t length;
    size_t offset;
    char *err;
    size_t err_size;
};

static int fail(struct reader *r, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n = snprintf(r->err, r->err_size, "plan: at byte %zu: ", r->offset);
    if (n >= 0 && (size_t) n < r->err_size) {
        vsnprintf(r->err + n, r->err_size - (size_t) n, format, args);
    }
    va_end(args);
    return -1;
}

static int take(struct reader *r, size_t n, const uint8_t **bytes) {
    if (n > r->length - r->offset) {
        return fail(r, "truncated: %zu bytes needed, %zu left", n, r->length - r->offset);
    }
    *bytes = r->data + r->offset;
    r->offset += n;
    return 0;
}

static uint64_t little_endian(const uint8_t *p, int size) {
    uint64_t value = 0;
    for (int i = size - 1; i >= 0; i--) {
        value = (value << 8) | p[i];
    }
    return value;
}

static int read_u16(struct reader *r, uint16_t *v) {
    const uint8_t *p = NULL;
    if (take(r, 2, &p) < 0) return -1;
    *v = (uint16_t) little_endian(p, 2);
    return 0;
}

static int read_u32(struct reader *r, uint32_t *v) {
    const uint8_t *p = NULL;
    if (take(r, 4, &p) < 0) return -1;
    *v = (uint32_t) little_endian(p, 4);
    return 0;
}

static int read_u64(struct reader *r, uint64_t *v) {
    const uint8_t *p = NULL;
    if (take(r, 8, &p) < 0) return -1;
    *v = little_endian(p, 8);
    return 0;
}

static int read_string(struct reader *r, uint32_t limit, char **out, uint32_t *length, int allow_nul) {
    uint32_t n;
    const uint8_t *p = NULL;
    if (read_u32(r, &n) < 0) return -1;
    if (n > limit) return fail(r, "length %" PRIu32 " exceeds the limit of %" PRIu32, n, limit);
    if (take(r, n, &p) < 0) return -1;
    if (!allow_nul && memchr(p, 0, n) != NULL) return fail(r, "NUL byte inside a string");
    char *copy = malloc((size_t) n + 1);
    if (copy == NULL) return fail(r, "out of memory");
    memcpy(copy, p, n);
    copy[n] = '\0';
    *out = copy;
    *length = n;
    return 0;
}

static void free_field(struct plan_field *f) {
    free(f->string);
    if (f->strings != NULL) {
        for (uint32_t i = 0; i < f->length; i++) {
            free(f->strings[i]);
        }
        free(f->strings);
    }
    free(f->numbers);
    memset(f, 0, sizeof(*f));
}

static int read_field(struct reader *r, char type, struct plan_field *f) {
    f->type = type;
    switch (type) {
    case 'u': {
        uint32_t v;
        if (read_u32(r, &v) < 0) return -1;
        f->number = v;
        return 0;
    }
    case 'U':
    case 'I':
        return read_u64(r, &f->number);
    case 's':
        return read_string(r, PLAN_MAX_STRING, &f->string, &f->length, 0);
    case 'b':
        return read_string(r, PLAN_MAX_BLOB, &f->string, &f->length, 1);
    case 'S': {
        uint32_t count;
        if (read_u32(r, &count) < 0) return -1;
        if (count > PLAN_MAX_LIST) return fail(r, "list of %" PRIu32 " exceeds the limit of %u", count, PLAN_MAX_LIST);
        /* Each element takes at least its 4-byte length: refuse counts the input cannot hold before allocating. */
        if ((size_t) count * 4 > r->length - r->offset) return fail(r, "truncated: list of %" PRIu32, count);
        f->strings = calloc((size_t) count + 1, sizeof(char *));
        if (f->strings == NULL) return fail(r, "out of memory");
        for (uint32_t i = 0; i < count; i++) {
            uint32_t ignored;
            if (read_string(r, PLAN_MAX_STRING, &f->strings[i], &ignored, 0) < 0) {
                f->length = i;
                return -1;
            }
            f->length = i + 1;
        }
        return 0;
    }
    case 'L': {
        uint32_t count;
        if (read_u32(r, &count) < 0) return -1;
        if (count > PLAN_MAX_LIST) return fail(r, "list of %" PRIu32 " exceeds the limit of %u", count, PLAN_MAX_LIST);
        if ((size_t) count * 4 > r->length - r->offset) return fail(r, "truncated: list of %" PRIu32, count);
        f->numbers = calloc((size_t) count + 1, sizeof(uint32_t));
        if (f->numbers == NULL) return fail(r, "out of memory");
        f->length = count;
        for (uint32_t i = 0; i < count; i++) {
            if (read_u32(r, &f->numbers[i]) < 0) return -1;
        }
        return 0;
    }
    default:
        return fail(r, "bad field type '%c' in the operation table", type);
    }
}

int plan_decode(const uint8_t *input, size_t length, struct plan *out, char *err, size_t err_size) {
    struct reader r = {input, length, 0, err, err_size};
    uint32_t magic, count;
    uint16_t version, flags;

    memset(out, 0, sizeof(*out));
    if (length > PLAN_MAX_SIZE) return fail(&r, "plan of %zu bytes exceeds the limit of %u", length, PLAN_MAX_SIZE);
    if (read_u32(&r, &magic) < 0 || read_u16(&r, &version) < 0 || read_u16(&r, &flags) < 0
        || read_u32(&r, &count) < 0) {
        return -1;
    }
    if (magic != PLAN_MAGIC) return fail(&r, "not a plan (magic %08" PRIx32 ")", magic);
    if (version != PLAN_VERSION) return fail(&r, "plan version %u, this stage reads %u", version, PLAN_VERSION);
    if (flags != 0) return fail(&r, "unknown plan flags %04x", flags);
    if (count > PLAN_MAX_OPS) return fail(&r, "%" PRIu32 " operations exceed the limit of %u", count, PLAN_MAX_OPS);
    /* Each operation takes at least its 8-byte header. */
    if ((size_t) count * 8 > length - r.offset) return fail(&r, "truncated: %" PRIu32 " operations", count);

    out->ops = calloc(count == 0 ? 1 : count, sizeof(struct plan_op));
    if (out->ops == NULL) return fail(&r, "out of memory");
    for (uint32_t i = 0; i < count; i++) {
        uint16_t tag, reserved;
        uint32_t op_length;
        out->count = i + 1; /* so plan_free releases what this op holds, even half-read */
        if (read_u16(&r, &tag) < 0 || read_u16(&r, &reserved) < 0 || read_u32(&r, &op_length) < 0) goto error;
        const struct op_def *def = op_def_of(tag);
        if (def == NULL) {
            fail(&r, "operation %" PRIu32 ": unknown tag %u", i, tag);
            goto error;
        }
        if (reserved != 0) {
            fail(&r, "operation %" PRIu32 " (%s): reserved bits set", i, def->name);
            goto error;
        }
        if (op_length > length - r.offset) {
            fail(&r, "operation %" PRIu32 " (%s): %" PRIu32 " bytes, %zu left", i, def->name, op_length,
                 length - r.offset);
            goto error;
        }
        /* Fields are read within the op's own bytes: a field can never run into the next op. */
        struct reader fields = {r.data, r.offset + op_length, r.offset, err, err_size};
        out->ops[i].def = def;
        for (int k = 0; def->signature[k] != '\0'; k++) {
            if (read_field(&fields, def->signature[k], &out->ops[i].fields[k]) < 0) goto error;
        }
        if (fields.offset != fields.length) {
            r.offset = fields.offset;
            fail(&r, "operation %" PRIu32 " (%s): %zu unread bytes", i, def->name, fields.length - fields.offset);
            goto error;
        }
        r.offset = fields.offset;
    }
    if (r.offset != length) {
        fail(&r, "%zu bytes after the last operation", length - r.offset);
        goto error;
    }
    return 0;

error:
    plan_free(out);
    return -1;
}

void plan_free(struct plan *plan) {
    if (plan->ops != NULL) {
        for (uint32_t i = 0; i < plan->count; i++) {
            for (int k = 0; k < PLAN_MAX_FIELDS; k++) {
                free_field(&plan->ops[i].fields[k]);
            }
        }
        free(plan->ops);
    }
    memset(plan, 0, sizeof(*plan));
}

static void print_string(const char *s, uint32_t length, FILE *out) {
    fputc('"', out);
    for (uint32_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char) s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                fprintf(out, "\\x%02x", c);
            } else {
                fputc(c, out);
            }
        }
    }
    fputc('"', out);
}

void plan_print(const struct plan *plan, FILE *out) {
    for (uint32_t i = 0; i < plan->count; i++) {
        const struct plan_op *op = &plan->ops[i];
        fputs(op->def->name, out);
        for (int k = 0; op->def->signature[k] != '\0'; k++) {
            const struct plan_field *f = &op->fields[k];
            fputc(' ', out);
            switch (f->type) {
            case 'u':
            case 'U': fprintf(out, "%" PRIu64, f->number); break;
            case 'I': fprintf(out, "%" PRId64, (int64_t) f->number); break;
            case 's': print_string(f->string, f->length, out); break;
            case 'b': fprintf(out, "<%" PRIu32 " bytes>", f->length); break;
            case 'S':
                fputc('[', out);
                for (uint32_t j = 0; j < f->length; j++) {
                    if (j > 0) fputc(' ', out);
                    print_string(f->strings[j], (uint32_t) strlen(f->strings[j]), out);
                }
                fputc(']', out);
                break;
            case 'L':
                fputc('[', out);
                for (uint32_t j = 0; j < f->length; j++) {
                    fprintf(out, j > 0 ? " %" PRIu32 : "%" PRIu32, f->numbers[j]);
                }
                fputc(']', out);
                break;
            }
        }
        fputc('\n', out);
    }
}
