/*
 * A seccomp agent for tests: listens on a unix socket, receives the notify listener a runtime sends there with
 * the container process state (SCM_RIGHTS), saves the state, and answers the first notification with an errno.
 *
 *   seccomp_agent SOCKET STATE_FILE ERRNO
 *
 * Prints "ready" once it listens, then "syscall N" for the notification it answered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int die(const char *what) {
    fprintf(stderr, "seccomp_agent: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: seccomp_agent SOCKET STATE_FILE ERRNO\n");
        return 2;
    }
    int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, argv[1], sizeof(address.sun_path) - 1);
    if (server < 0 || bind(server, (struct sockaddr *) &address, sizeof(address)) < 0 || listen(server, 1) < 0) {
        return die("listen");
    }
    printf("ready\n");
    fflush(stdout);
    int connection = accept4(server, NULL, NULL, SOCK_CLOEXEC);
    if (connection < 0) return die("accept");

    char state[65536];
    struct iovec iov = {.iov_base = state, .iov_len = sizeof(state) - 1};
    union {
        char space[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof(control.space)};
    ssize_t length = recvmsg(connection, &message, MSG_CMSG_CLOEXEC);
    if (length < 0) return die("recvmsg");
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (header == NULL || header->cmsg_type != SCM_RIGHTS) {
        fprintf(stderr, "seccomp_agent: no descriptor came with the state\n");
        return 1;
    }
    int listener;
    memcpy(&listener, CMSG_DATA(header), sizeof(int));
    FILE *out = fopen(argv[2], "w");
    if (out == NULL || fwrite(state, 1, (size_t) length, out) != (size_t) length || fclose(out) != 0) {
        return die("save the state");
    }

    struct seccomp_notif request;
    memset(&request, 0, sizeof(request));
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &request) < 0) return die("receive a notification");
    struct seccomp_notif_resp response = {.id = request.id, .error = -atoi(argv[3]), .val = 0, .flags = 0};
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &response) < 0) return die("answer the notification");
    printf("syscall %d\n", request.data.nr);
    return 0;
}
