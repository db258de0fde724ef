#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Bind sources of a container with a user namespace, opened with the host's privileges: the container's root is
 * an ordinary user on the host and may not reach a source under a directory it cannot search, so (as runc does)
 * each source is opened by a process that stays in the host's user namespace, inside the container's new mount
 * namespace (a bind must come from a mount of the namespace it is made in), and the init binds from that
 * descriptor. The opener is forked before the user namespace is made, and opens once the mount namespace exists.
 */

#define SOURCES_PER_MESSAGE 200

struct source_reply {
    int32_t error;  /* 0, or the errno of opening the source at index */
    uint32_t index; /* first source of this message, or the one that failed */
    uint32_t count; /* descriptors attached */
};

static void opener(int channel, const struct plan_field *paths) {
    char go;
    ssize_t n;
    do {
        n = read(channel, &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(0); /* the stage failed before the namespaces were made */
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int) getppid());
    int namespace = open(path, O_RDONLY | O_CLOEXEC);
    struct source_reply reply = {0, 0, 0};
    if (namespace < 0 || setns(namespace, CLONE_NEWNS) < 0) {
        reply.error = errno;
        reply.index = UINT32_MAX;
        (void) send(channel, &reply, sizeof(reply), MSG_NOSIGNAL);
        _exit(1);
    }
    for (uint32_t first = 0; first < paths->length; first += SOURCES_PER_MESSAGE) {
        uint32_t count = paths->length - first < SOURCES_PER_MESSAGE ? paths->length - first : SOURCES_PER_MESSAGE;
        int fds[SOURCES_PER_MESSAGE];
        for (uint32_t i = 0; i < count; i++) {
            fds[i] = open(paths->strings[first + i], O_PATH | O_CLOEXEC);
            if (fds[i] < 0) {
                reply.error = errno;
                reply.index = first + i;
                (void) send(channel, &reply, sizeof(reply), MSG_NOSIGNAL);
                _exit(1);
            }
        }
        reply = (struct source_reply){0, first, count};
        struct iovec iov = {.iov_base = &reply, .iov_len = sizeof(reply)};
        union {
            char space[CMSG_SPACE(sizeof(int) * SOURCES_PER_MESSAGE)];
            struct cmsghdr align;
        } control;
        memset(&control, 0, sizeof(control));
        struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                                 .msg_controllen = CMSG_SPACE(sizeof(int) * count)};
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
        while (sendmsg(channel, &message, MSG_NOSIGNAL) < 0) {
            if (errno != EINTR) _exit(1);
        }
        for (uint32_t i = 0; i < count; i++) close(fds[i]);
    }
    _exit(0);
}

void op_prepare_sources(struct stage *s, const struct plan_op *op) {
    const struct plan_field *paths = &op->fields[0];
    if (paths->length > STAGE_MAX_SOURCES) fail(s, E2BIG, "bind sources: %u, at most %d", paths->length, STAGE_MAX_SOURCES);
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0) fail(s, errno, "bind sources: socketpair");
    pid_t pid = fork();
    if (pid < 0) fail(s, errno, "bind sources: fork the opener");
    if (pid == 0) {
        close(pair[0]);
        opener(pair[1], paths);
    }
    close(pair[1]);
    s->source_opener = pid;
    s->source_channel = pair[0];
    s->source_count = paths->length;
    for (uint32_t i = 0; i < paths->length; i++) {
        s->sources[i].path = paths->strings[i];
        s->sources[i].fd = -1;
    }
}

void op_receive_sources(struct stage *s) {
    if (s->source_opener <= 0) fail(s, 0, "bind sources: no opener was prepared");
    if (write(s->source_channel, "g", 1) != 1) fail(s, errno, "bind sources: wake the opener");
    for (uint32_t received = 0; received < s->source_count;) {
        struct source_reply reply;
        struct iovec iov = {.iov_base = &reply, .iov_len = sizeof(reply)};
        union {
            char space[CMSG_SPACE(sizeof(int) * SOURCES_PER_MESSAGE)];
            struct cmsghdr align;
        } control;
        struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                                 .msg_controllen = sizeof(control.space)};
        ssize_t n;
        do {
            n = recvmsg(s->source_channel, &message, MSG_CMSG_CLOEXEC);
        } while (n < 0 && errno == EINTR);
        if (n != (ssize_t) sizeof(reply)) fail(s, n < 0 ? errno : 0, "bind sources: the opener went away");
        if (reply.error != 0) {
            if (reply.index == UINT32_MAX) fail(s, reply.error, "bind sources: enter the container's mount namespace");
            fail(s, reply.error, "bind source \"%s\"", reply.index < s->source_count ? s->sources[reply.index].path : "?");
        }
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        if (header == NULL || header->cmsg_type != SCM_RIGHTS || reply.index != received
            || reply.count > s->source_count - received
            || header->cmsg_len != CMSG_LEN(sizeof(int) * reply.count)) {
            fail(s, 0, "bind sources: a malformed answer from the opener");
        }
        int fds[SOURCES_PER_MESSAGE];
        memcpy(fds, CMSG_DATA(header), sizeof(int) * reply.count);
        for (uint32_t i = 0; i < reply.count; i++) s->sources[received + i].fd = fds[i];
        received += reply.count;
    }
    close(s->source_channel);
    s->source_channel = -1;
    while (waitpid(s->source_opener, NULL, 0) < 0 && errno == EINTR) {
    }
    s->source_opener = 0;
}

const char *preopened_source(struct stage *s, const char *path, char *buffer, size_t size) {
    for (uint32_t i = 0; i < s->source_count; i++) {
        if (s->sources[i].fd >= 0 && strcmp(s->sources[i].path, path) == 0) {
            snprintf(buffer, size, "/proc/self/fd/%d", s->sources[i].fd);
            return buffer;
        }
    }
    fail(s, 0, "bind source \"%s\" was not opened before the user namespace", path);
}
