/*
 * The engine suite's sd-notify ends, built static so that the same binary runs in the busybox image and on
 * the host.
 *
 *   sdnotify MESSAGE          sends MESSAGE as one datagram to the socket $NOTIFY_SOCKET names (the
 *                             container's side, as systemd-notify would);
 *   sdnotify listen SOCK OUT  binds the datagram socket SOCK, then goes to the background and returns, so
 *                             that the socket is bound when the caller goes on; the background process
 *                             appends every datagram it receives to OUT, one a line, and exits after one
 *                             holding READY=1, or after 120 seconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(const char *what, const char *path) {
    fprintf(stderr, "sdnotify: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

static int unix_address(const char *path, struct sockaddr_un *address) {
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address->sun_path) {
        fprintf(stderr, "sdnotify: socket path too long: %s\n", path);
        return -1;
    }
    strcpy(address->sun_path, path);
    if (address->sun_path[0] == '@') address->sun_path[0] = '\0'; /* the abstract namespace, as systemd reads it */
    return 0;
}

static int send_message(const char *message) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "sdnotify: NOTIFY_SOCKET is not set\n");
        return 1;
    }
    struct sockaddr_un address;
    if (unix_address(path, &address) < 0) return 1;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail("socket for", path);
    if (sendto(fd, message, strlen(message), 0, (struct sockaddr *)&address, sizeof address) < 0)
        return fail("send to", path);
    return 0;
}

static int listen_for_ready(const char *path, const char *out_path) {
    struct sockaddr_un address;
    if (unix_address(path, &address) < 0) return 1;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail("socket for", path);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) return fail("bind", path);
    int out = open(out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out < 0) return fail("open", out_path);
    pid_t child = fork();
    if (child < 0) return fail("fork for", path);
    if (child > 0) {
        printf("%d\n", (int)child);
        return 0;
    }
    setsid();
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
    }
    alarm(120);
    char message[4096];
    for (;;) {
        ssize_t n = recv(fd, message, sizeof message - 1, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        message[n] = '\0';
        dprintf(out, "%s\n", message);
        if (strstr(message, "READY=1") != NULL) return 0;
    }
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "listen") == 0) return listen_for_ready(argv[2], argv[3]);
    if (argc == 2) return send_message(argv[1]);
    fprintf(stderr, "usage: sdnotify MESSAGE | sdnotify listen SOCKET OUT\n");
    return 2;
}
