#include "stage_ops.h"

#include "sync.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The stage's half of the sync protocol (sync.h): messages to main, main's answers, failure reports. */

void send_message(int fd, uint32_t type, const void *payload, size_t length) {
    uint8_t buffer[4096];
    if (length > sizeof(buffer) - 4) length = sizeof(buffer) - 4;
    for (int i = 0; i < 4; i++) buffer[i] = (uint8_t) (type >> (8 * i));
    memcpy(buffer + 4, payload, length);
    while (send(fd, buffer, length + 4, MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t) (v >> (8 * i));
}

/* Reports the failure of the current operation to main and ends this process. */
void fail(struct stage *s, int err, const char *format, ...) {
    uint8_t payload[2048];
    put_u32(payload, s->index);
    put_u32(payload + 4, (uint32_t) err);
    va_list args;
    va_start(args, format);
    int n = vsnprintf((char *) payload + 8, sizeof(payload) - 8, format, args);
    va_end(args);
    if (n < 0) n = 0;
    if ((size_t) n > sizeof(payload) - 9) n = (int) sizeof(payload) - 9;
    send_message(s->sync_fd, SYNC_ERROR, payload, 8 + (size_t) n);
    if (s->ready) {
        /* create has returned: the container's error stream is where this can still be read */
        dprintf(STDERR_FILENO, "hako: %s: %s\n", (char *) payload + 8, err ? strerror(err) : "failed");
    }
    _exit(1);
}

void await(struct stage *s, uint32_t expected) {
    uint8_t buffer[64];
    ssize_t n;
    do {
        n = recv(s->sync_fd, buffer, sizeof(buffer), 0);
    } while (n < 0 && errno == EINTR);
    if (n < 4) fail(s, n < 0 ? errno : 0, "wait for main: %s", n < 0 ? "receive failed" : "main went away");
    uint32_t type = (uint32_t) buffer[0] | (uint32_t) buffer[1] << 8 | (uint32_t) buffer[2] << 16
                    | (uint32_t) buffer[3] << 24;
    if (type != expected) fail(s, 0, "wait for main: message %u, expected %u", type, expected);
}

/* Waits for main's answer of type expected and keeps its payload (the bytes after the type), at most 1 MiB. */
void await_payload(struct stage *s, uint32_t expected, char **payload, size_t *length) {
    size_t size = 1u << 20;
    uint8_t *buffer = malloc(size);
    if (buffer == NULL) fail(s, ENOMEM, "wait for main");
    ssize_t n;
    do {
        n = recv(s->sync_fd, buffer, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 4) fail(s, n < 0 ? errno : 0, "wait for main: %s", n < 0 ? "receive failed" : "main went away");
    uint32_t type = (uint32_t) buffer[0] | (uint32_t) buffer[1] << 8 | (uint32_t) buffer[2] << 16
                    | (uint32_t) buffer[3] << 24;
    if (type != expected) fail(s, 0, "wait for main: message %u, expected %u", type, expected);
    *length = (size_t) n - 4;
    memmove(buffer, buffer + 4, *length);
    *payload = (char *) buffer;
}

/* Sends a message with a descriptor attached. */
void send_with_fd(struct stage *s, uint32_t type, const char *payload, int fd) {
    uint8_t buffer[4 + 256];
    size_t length = strlen(payload);
    if (length > sizeof(buffer) - 4) length = sizeof(buffer) - 4;
    put_u32(buffer, type);
    memcpy(buffer + 4, payload, length);
    struct iovec iov = {.iov_base = buffer, .iov_len = 4 + length};
    union {
        char space[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof(control.space)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    while (sendmsg(s->sync_fd, &message, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR) fail(s, errno, "send a descriptor to main (message %u)", (unsigned) type);
    }
}
