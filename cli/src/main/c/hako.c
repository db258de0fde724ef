/*
 * hako: the executable engines run. It hands the call to a resident hako when one of this build is reachable and
 * takes it (docs/ARCHITECTURE.md, "The warm path"); otherwise it execs the JVM launcher beside it (bin/hako-jvm)
 * with the same arguments, environment and streams, which is the cold path. Nothing depends on the resident hako:
 * no socket, a refused connection, another build, or HAKO_DAEMON=off, and the call runs cold.
 *
 * Environment: HAKO_DAEMON=off never asks; HAKO_DAEMON_SOCKET names the socket instead of the default.
 */
#include "daemon_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef HAKO_BUILD
#define HAKO_BUILD "unknown"
#endif

extern char **environ;

/* Runs the call cold: bin/hako-jvm beside this executable, with argv[0] its path. */
__attribute__((noreturn)) static void run_cold(char **argv) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n < 0) {
        dprintf(STDERR_FILENO, "hako: cannot find this executable (/proc/self/exe): %s\n", strerror(errno));
        _exit(1);
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    char jvm[PATH_MAX];
    if (slash == NULL || snprintf(jvm, sizeof(jvm), "%.*s/hako-jvm", (int) (slash - self), self) >= (int) sizeof(jvm)) {
        dprintf(STDERR_FILENO, "hako: no launcher beside %s\n", self);
        _exit(1);
    }
    argv[0] = jvm;
    execv(jvm, argv);
    dprintf(STDERR_FILENO, "hako: cannot run %s: %s\n", jvm, strerror(errno));
    _exit(1);
}

/* Whether this process is in the initial user namespace: its uid_map maps every id to itself. */
static int in_initial_user_namespace(void) {
    char map[256];
    int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    ssize_t n = read(fd, map, sizeof(map) - 1);
    close(fd);
    if (n <= 0) return 1;
    map[n] = '\0';
    unsigned long inside, outside, count;
    return sscanf(map, "%lu %lu %lu", &inside, &outside, &count) == 3 && inside == 0 && outside == 0
           && count == 4294967295ul && strchr(map, '\n') == map + strlen(map) - 1;
}

/*
 * The resident hako's socket, under the base of the default state root as runc decides it: $XDG_RUNTIME_DIR/hako
 * where runc would use $XDG_RUNTIME_DIR/runc (not root, or root in a user namespace unless USER=root), else
 * /run/hako. Returns 0, or -1 when there is none to try.
 */
static int socket_path(char *path, size_t size) {
    const char *named = getenv("HAKO_DAEMON_SOCKET");
    if (named != NULL && *named != '\0') return snprintf(path, size, "%s", named) < (int) size ? 0 : -1;
    const char *runtime_dir = getenv("XDG_RUNTIME_DIR");
    const char *user = getenv("USER");
    int use_runtime_dir = runtime_dir != NULL && *runtime_dir != '\0'
                          && (geteuid() != 0 || (!in_initial_user_namespace() && (user == NULL || strcmp(user, "root") != 0)));
    if (geteuid() != 0 && !use_runtime_dir) return -1;
    int n;
    if (use_runtime_dir) {
        n = snprintf(path, size, "%s/hako/" DAEMON_SOCKET_DIRECTORY "/" DAEMON_SOCKET_NAME, runtime_dir);
    } else {
        n = snprintf(path, size, "/run/hako/" DAEMON_SOCKET_DIRECTORY "/" DAEMON_SOCKET_NAME);
    }
    return n > 0 && (size_t) n < size ? 0 : -1;
}

struct buffer {
    uint8_t *data;
    size_t used;
    int overflow;
};

static void put(struct buffer *b, const void *bytes, size_t length) {
    if (b->overflow || b->used + length > DAEMON_MAX_REQUEST) {
        b->overflow = 1;
        return;
    }
    memcpy(b->data + b->used, bytes, length);
    b->used += length;
}

static void put_u32(struct buffer *b, uint32_t value) {
    uint8_t bytes[4] = {(uint8_t) value, (uint8_t) (value >> 8), (uint8_t) (value >> 16), (uint8_t) (value >> 24)};
    put(b, bytes, sizeof(bytes));
}

static void put_string(struct buffer *b, const char *text) {
    size_t length = strlen(text);
    put_u32(b, (uint32_t) length);
    put(b, text, length);
}

static uint32_t get_u32(const uint8_t *bytes) {
    return (uint32_t) bytes[0] | (uint32_t) bytes[1] << 8 | (uint32_t) bytes[2] << 16 | (uint32_t) bytes[3] << 24;
}

/* Sends the call; returns the connected socket, or -1 when the call must run cold. */
static int hand_over(int argc, char **argv) {
    char path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
    if (socket_path(path, sizeof(path)) < 0) return -1;
    for (int stream = 0; stream <= 2; stream++) {
        if (fcntl(stream, F_GETFD) < 0) return -1; /* a closed stream: the cold path knows what to make of it */
    }
    int sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    memcpy(address.sun_path, path, strlen(path) + 1);
    if (connect(sock, (struct sockaddr *) &address, sizeof(address)) < 0) {
        close(sock);
        return -1;
    }
    static uint8_t request[DAEMON_MAX_REQUEST];
    struct buffer b = {request, 0, 0};
    put_u32(&b, DAEMON_MAGIC);
    uint8_t version[4] = {DAEMON_VERSION & 0xff, DAEMON_VERSION >> 8, 0, 0};
    put(&b, version, sizeof(version));
    put_string(&b, HAKO_BUILD);
    put_u32(&b, (uint32_t) (argc - 1));
    for (int i = 1; i < argc; i++) put_string(&b, argv[i]);
    uint32_t envc = 0;
    for (char **e = environ; *e != NULL; e++) envc++;
    put_u32(&b, envc);
    for (char **e = environ; *e != NULL; e++) put_string(&b, *e);
    int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (b.overflow || cwd < 0) {
        if (cwd >= 0) close(cwd);
        close(sock);
        return -1;
    }
    int fds[DAEMON_REQUEST_FDS] = {cwd, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};
    struct iovec iov = {.iov_base = request, .iov_len = b.used};
    union {
        char space[CMSG_SPACE(sizeof(fds))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof(control.space)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(fds));
    memcpy(CMSG_DATA(header), fds, sizeof(fds));
    ssize_t sent;
    do {
        sent = sendmsg(sock, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    close(cwd);
    if (sent != (ssize_t) b.used) {
        close(sock);
        return -1;
    }
    return sock;
}

int main(int argc, char **argv) {
    const char *mode = getenv("HAKO_DAEMON");
    if (mode != NULL && strcmp(mode, "off") == 0) run_cold(argv);
    int sock = hand_over(argc, argv);
    if (sock < 0) run_cold(argv);
    uint8_t reply[512];
    ssize_t n;
    do {
        n = recv(sock, reply, sizeof(reply), 0);
    } while (n < 0 && errno == EINTR);
    close(sock);
    if (n >= 8 && get_u32(reply) == DAEMON_REPLY_EXIT) return (int) (get_u32(reply + 4) & 0xff);
    if (n >= 4 && get_u32(reply) == DAEMON_REPLY_COLD) run_cold(argv);
    /* Reset: the other end closed with the request unread, so it never ran the call. */
    if (n < 0 && errno == ECONNRESET) run_cold(argv);
    /* The resident hako took the call and went away: what it did is unknown, so it is not run again. */
    dprintf(STDERR_FILENO, "hako: the resident hako ended during the call (%s); run it again, or with "
                           "HAKO_DAEMON=off\n", n < 0 ? strerror(errno) : "no answer");
    return 1;
}
