/*
 * hako's native stage. main (the JVM) copies this program into a sealed memfd and starts it; it reads a plan
 * (plan.h) and performs it. It parses no JSON and takes no decision of policy: everything was decided in Java.
 *
 *   hako-stage --run S P    perform the plan in descriptor P, talking to main over descriptor S (sync.h)
 *   hako-stage --print      read a plan on standard input, print one operation a line
 *   hako-stage --list-ops   print the operation table: tag, name, signature
 */
#include "plan.h"
#include "run.h"
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(int fd, uint8_t **data, size_t *length) {
    size_t capacity = 4096, used = 0;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) return -1;
    for (;;) {
        if (used == capacity) {
            if (capacity >= PLAN_MAX_SIZE + 1) break; /* the decoder refuses anything larger */
            capacity *= 2;
            uint8_t *bigger = realloc(buffer, capacity);
            if (bigger == NULL) {
                free(buffer);
                return -1;
            }
            buffer = bigger;
        }
        ssize_t n = read(fd, buffer + used, capacity - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            free(buffer);
            return -1;
        }
        if (n == 0) break;
        used += (size_t) n;
    }
    *data = buffer;
    *length = used;
    return 0;
}

static int print_plan(void) {
    uint8_t *data;
    size_t length;
    if (read_all(STDIN_FILENO, &data, &length) < 0) {
        fprintf(stderr, "hako-stage: read plan: %s\n", strerror(errno));
        return 1;
    }
    struct plan plan;
    char err[256];
    int rc = plan_decode(data, length, &plan, err, sizeof(err));
    free(data);
    if (rc < 0) {
        fprintf(stderr, "hako-stage: %s\n", err);
        return 1;
    }
    plan_print(&plan, stdout);
    plan_free(&plan);
    return fflush(stdout) == 0 ? 0 : 1;
}

static int parse_fd(const char *text) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    return errno != 0 || *end != '\0' || end == text || value < 3 || value > 65535 ? -1 : (int) value;
}

static int perform_plan(int sync_fd, int plan_fd) {
    /* Descriptors from main arrive without close-on-exec; none of them may reach the container's process. */
    if (fcntl(sync_fd, F_SETFD, FD_CLOEXEC) < 0 || fcntl(plan_fd, F_SETFD, FD_CLOEXEC) < 0) {
        fprintf(stderr, "hako-stage: descriptors %d and %d must be the sync socket and the plan: %s\n", sync_fd,
                plan_fd, strerror(errno));
        return 1;
    }
    uint8_t *data;
    size_t length;
    if (read_all(plan_fd, &data, &length) < 0) {
        fprintf(stderr, "hako-stage: read plan: %s\n", strerror(errno));
        return 1;
    }
    close(plan_fd);
    struct plan plan;
    char err[256];
    if (plan_decode(data, length, &plan, err, sizeof(err)) < 0) {
        uint8_t payload[8 + sizeof(err)];
        memset(payload, 0, 8);
        size_t n = strlen(err);
        memcpy(payload + 8, err, n);
        uint8_t message[4 + sizeof(payload)];
        message[0] = SYNC_ERROR;
        message[1] = message[2] = message[3] = 0;
        memcpy(message + 4, payload, 8 + n);
        send(sync_fd, message, 12 + n, MSG_NOSIGNAL);
        return 1;
    }
    free(data);
    return stage_run(&plan, sync_fd);
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--run") == 0) {
        /* Modes in the plan are exact (devices, mount points); the process's umask is an operation of its own. */
        umask(0);
        int sync_fd = parse_fd(argv[2]), plan_fd = parse_fd(argv[3]);
        if (sync_fd < 0 || plan_fd < 0) {
            fprintf(stderr, "hako-stage: --run takes two descriptor numbers, 3 and up\n");
            return 2;
        }
        return perform_plan(sync_fd, plan_fd);
    }
    if (argc == 2 && strcmp(argv[1], "--print") == 0) {
        return print_plan();
    }
    if (argc == 2 && strcmp(argv[1], "--list-ops") == 0) {
        for (const struct op_def *d = OP_DEFS; d->name != NULL; d++) {
            printf("%u %s %s\n", d->tag, d->name, d->signature);
        }
        return 0;
    }
    fprintf(stderr, "usage: hako-stage --run SYNC-FD PLAN-FD | --print | --list-ops\n");
    return 2;
}
