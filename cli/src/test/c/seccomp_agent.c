/*
 * A seccomp agent for the side-by-side tests: listens on a unix socket for the notify listeners a runtime sends
 * (the container's, then each exec's), and answers every notification on any of them with one errno.
 *
 *   seccomp_agent SOCKET DIRECTORY ERRNO
 *
 * The state that comes with the Nth listener is saved as DIRECTORY/N.json before any of its notifications is
 * answered, so a process that made a notified call and has exited proves that its listener arrived. Prints
 * "ready" once it listens, "listener N" for each listener and "notification N NR" for each answer. Runs until it
 * is killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_LISTENERS 32

static int die(const char *what) {
    fprintf(stderr, "seccomp_agent: %s: %s\n", what, strerror(errno));
    return 1;
}

/* Receives one state and its listener on a new connection; returns the listener, or -1. */
static int receive(int connection, const char *directory, int n) {
    char state[65536];
    struct iovec iov = {.iov_base = state, .iov_len = sizeof(state)};
    union {
        char space[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof(control.space)};
    ssize_t length = recvmsg(connection, &message, MSG_CMSG_CLOEXEC);
    struct cmsghdr *header = length < 0 ? NULL : CMSG_FIRSTHDR(&message);
    if (header == NULL || header->cmsg_type != SCM_RIGHTS) {
        fprintf(stderr, "seccomp_agent: connection %d brought no descriptor\n", n);
        return -1;
    }
    int listener;
    memcpy(&listener, CMSG_DATA(header), sizeof(int));
    char path[4096];
    snprintf(path, sizeof(path), "%s/%d.json", directory, n);
    FILE *out = fopen(path, "w");
    if (out == NULL || fwrite(state, 1, (size_t) length, out) != (size_t) length || fclose(out) != 0) {
        die("save the state");
        close(listener);
        return -1;
    }
    printf("listener %d\n", n);
    fflush(stdout);
    return listener;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: seccomp_agent SOCKET DIRECTORY ERRNO\n");
        return 2;
    }
    int error = atoi(argv[3]);
    int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, argv[1], sizeof(address.sun_path) - 1);
    if (server < 0 || bind(server, (struct sockaddr *) &address, sizeof(address)) < 0 || listen(server, 8) < 0) {
        return die("listen");
    }
    printf("ready\n");
    fflush(stdout);

    struct pollfd fds[1 + MAX_LISTENERS] = {{.fd = server, .events = POLLIN}};
    int numbers[1 + MAX_LISTENERS] = {0};
    int count = 1;
    int received = 0;
    for (;;) {
        if (poll(fds, (nfds_t) count, -1) < 0) {
            if (errno == EINTR) continue;
            return die("poll");
        }
        for (int i = count - 1; i >= 1; i--) {
            if (fds[i].revents & POLLIN) {
                struct seccomp_notif request;
                memset(&request, 0, sizeof(request));
                if (ioctl(fds[i].fd, SECCOMP_IOCTL_NOTIF_RECV, &request) == 0) {
                    struct seccomp_notif_resp response = {.id = request.id, .error = -error};
                    /* ENOENT: the caller was killed meanwhile, which is no error of the agent's. */
                    if (ioctl(fds[i].fd, SECCOMP_IOCTL_NOTIF_SEND, &response) < 0 && errno != ENOENT) {
                        return die("answer a notification");
                    }
                    printf("notification %d %d\n", numbers[i], request.data.nr);
                    fflush(stdout);
                    continue;
                }
            }
            if (fds[i].revents & (POLLHUP | POLLERR | POLLNVAL)) {
                /* Every process under this filter has exited. */
                close(fds[i].fd);
                fds[i] = fds[count - 1];
                numbers[i] = numbers[count - 1];
                count--;
            }
        }
        if (fds[0].revents & POLLIN) {
            int connection = accept4(server, NULL, NULL, SOCK_CLOEXEC);
            if (connection < 0) return die("accept");
            int listener = receive(connection, argv[2], ++received);
            close(connection);
            if (listener >= 0 && count < 1 + MAX_LISTENERS) {
                fds[count] = (struct pollfd) {.fd = listener, .events = POLLIN};
                numbers[count] = received;
                count++;
            }
        }
    }
}
