/*
 * Makes the system calls the ENOSYS stub is about and prints each result as "NAME RESULT ERRNO", for the
 * side-by-side tests to compare under runc and hako. Built static: it is the container's whole userland.
 *
 *   syscall(1000)  a number no kernel has
 *   clone3         its arguments are invalid (EINVAL without a filter): only the errno matters
 *   getpriority    a call the test's profile leaves out, older than every call it names
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

static void probe(const char *name, long nr) {
    errno = 0;
    long result = syscall(nr, 0, 0, 0, 0, 0, 0);
    printf("%s %ld %d\n", name, result, result < 0 ? errno : 0);
}

int main(void) {
    probe("syscall1000", 1000);
    probe("clone3", SYS_clone3);
    probe("getpriority", SYS_getpriority);
    return 0;
}
