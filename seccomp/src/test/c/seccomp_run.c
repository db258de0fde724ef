/*
 * Test helper: loads a seccomp filter and makes system calls under it, so that the tests can check what a
 * compiled program does (the JVM cannot load a filter into itself).
 *
 *   seccomp_run FLAGS [CALL...] < program
 *
 * The program is an array of struct sock_filter on stdin, as SeccompProgram.filter() holds it; FLAGS are the
 * SECCOMP_FILTER_FLAG_* bits (decimal). Each CALL is NAME or NAME:ARG0,ARG1,... (decimal or 0x hex, 64 bits);
 * a NAME of digits is that system call number, known to no kernel when large (1000);
 * after loading, each is made with syscall(2) and reported on stdout as "NAME RESULT ERRNO" (ERRNO 0 when the
 * call succeeded). With SECCOMP_FILTER_FLAG_NEW_LISTENER the first line is "listener FD".
 *
 * Exit status: 0 when every call was made, 2 on bad usage, 3 when the filter cannot be loaded; a call the
 * filter kills ends the process with SIGSYS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static const struct {
    const char *name;
    long nr;
} CALLS[] = {
    {"getpid", SYS_getpid},
    {"getppid", SYS_getppid},
    {"gettid", SYS_gettid},
    {"umask", SYS_umask},
    {"personality", SYS_personality},
    {"unshare", SYS_unshare},
    {"keyctl", SYS_keyctl},
    {"mount", SYS_mount},
    {"socket", SYS_socket},
    {"clone3", SYS_clone3},
};

static void say(const char *line) {
    size_t n = strlen(line);
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, line, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            _exit(4);
        }
        line += w;
        n -= (size_t) w;
    }
}

static long lookup(const char *name, size_t length) {
    if (length > 0 && length < 8 && strspn(name, "0123456789") >= length) return strtol(name, NULL, 10);
    for (size_t i = 0; i < sizeof(CALLS) / sizeof(CALLS[0]); i++) {
        if (strlen(CALLS[i].name) == length && strncmp(CALLS[i].name, name, length) == 0) return CALLS[i].nr;
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FLAGS [NAME[:ARG,...]...] < program\n", argv[0]);
        return 2;
    }
    unsigned long flags = strtoul(argv[1], NULL, 10);

    static unsigned char program[(BPF_MAXINSNS + 1) * sizeof(struct sock_filter)];
    size_t size = 0;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, program + size, sizeof(program) - size);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            perror("read program");
            return 2;
        }
        if (r == 0) break;
        size += (size_t) r;
        if (size == sizeof(program)) {
            fprintf(stderr, "program too long\n");
            return 2;
        }
    }
    if (size == 0 || size % sizeof(struct sock_filter) != 0) {
        fprintf(stderr, "%zu bytes are no BPF program\n", size);
        return 2;
    }
    /* Resolve the calls before loading: the filter may refuse what parsing needs. */
    long nrs[64];
    uint64_t args[64][6];
    int calls = argc - 2;
    if (calls > 64) {
        fprintf(stderr, "at most 64 calls\n");
        return 2;
    }
    for (int i = 0; i < calls; i++) {
        const char *spec = argv[i + 2];
        const char *colon = strchr(spec, ':');
        size_t length = colon ? (size_t) (colon - spec) : strlen(spec);
        nrs[i] = lookup(spec, length);
        if (nrs[i] < 0) {
            fprintf(stderr, "unknown call %s\n", spec);
            return 2;
        }
        memset(args[i], 0, sizeof(args[i]));
        const char *p = colon ? colon + 1 : NULL;
        for (int a = 0; p && *p && a < 6; a++) {
            char *end;
            args[i][a] = strtoull(p, &end, 0);
            p = *end == ',' ? end + 1 : NULL;
        }
    }

    struct sock_fprog fprog = {
        .len = (unsigned short) (size / sizeof(struct sock_filter)),
        .filter = (struct sock_filter *) (void *) program,
    };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        perror("prctl(PR_SET_NO_NEW_PRIVS)");
        return 3;
    }
    long listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);
    if (listener < 0) {
        fprintf(stderr, "seccomp(SECCOMP_SET_MODE_FILTER, 0x%lx): %s\n", flags, strerror(errno));
        return 3;
    }
    char line[128];
    if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
        snprintf(line, sizeof(line), "listener %ld\n", listener);
        say(line);
    }
    for (int i = 0; i < calls; i++) {
        errno = 0;
        long result = syscall(nrs[i], args[i][0], args[i][1], args[i][2], args[i][3], args[i][4], args[i][5]);
        int err = result < 0 ? errno : 0;
        const char *colon = strchr(argv[i + 2], ':');
        int length = colon ? (int) (colon - argv[i + 2]) : (int) strlen(argv[i + 2]);
        snprintf(line, sizeof(line), "%.*s %ld %d\n", length, argv[i + 2], result, err);
        say(line);
    }
    return 0;
}
