/*
 * hako: the executable engines run. It hands the call to a resident hako when one of this build is reachable and
 * takes it (docs/ARCHITECTURE.md, "The warm path"); otherwise it execs the JVM launcher beside it (bin/hako-jvm)
 * with the same arguments, environment and streams, which is the cold path. Nothing depends on the resident hako:
 * no socket, a refused connection, another build, or HAKO_DAEMON=off, and the call runs cold.
 *
 * Environment: HAKO_DAEMON=off never asks; HAKO_DAEMON_SOCKET names the socket instead of the default.
 */
#include "attach.h"
#include "daemon_protocol.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
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

/*
 * The caller's descriptors above the standard streams, in order (what --preserve-fds and LISTEN_FDS hand on, by
 * number; the resident hako takes the ones the call names). Returns how many, or -1 when they cannot all be sent.
 */
static int caller_descriptors(int *numbers, int most) {
    DIR *directory = opendir("/proc/self/fd");
    if (directory == NULL) return -1;
    int count = 0, own = dirfd(directory);
    for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
        char *end;
        long fd = strtol(entry->d_name, &end, 10);
        if (*end != '\0' || end == entry->d_name || fd <= 2 || fd == own) continue;
        if (count == most) {
            count = -1;
            break;
        }
        numbers[count++] = (int) fd;
    }
    closedir(directory);
    for (int i = 1; i < count; i++) { /* readdir's order is the kernel's: sorted here */
        for (int j = i; j > 0 && numbers[j - 1] > numbers[j]; j--) {
            int swap = numbers[j];
            numbers[j] = numbers[j - 1];
            numbers[j - 1] = swap;
        }
    }
    return count;
}

/* Sends the call; returns the connected socket, or -1 when the call must run cold. */
static int hand_over(int argc, char **argv) {
    char path[sizeof(((struct sockaddr_un *) 0)->sun_path)];
    if (socket_path(path, sizeof(path)) < 0) return -1;
    for (int stream = 0; stream <= 2; stream++) {
        if (fcntl(stream, F_GETFD) < 0) return -1; /* a closed stream: the cold path knows what to make of it */
    }
    int inherited[DAEMON_MAX_CALLER_FDS];
    int inherited_count = caller_descriptors(inherited, DAEMON_MAX_CALLER_FDS);
    if (inherited_count < 0) return -1;
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
    put_u32(&b, (uint32_t) inherited_count);
    for (int i = 0; i < inherited_count; i++) put_u32(&b, (uint32_t) inherited[i]);
    int cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (b.overflow || cwd < 0) {
        if (cwd >= 0) close(cwd);
        close(sock);
        return -1;
    }
    int fds[DAEMON_REQUEST_FDS + DAEMON_MAX_CALLER_FDS] = {cwd, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};
    memcpy(fds + DAEMON_REQUEST_FDS, inherited, sizeof(int) * (size_t) inherited_count);
    size_t attached = sizeof(int) * (size_t) (DAEMON_REQUEST_FDS + inherited_count);
    struct iovec iov = {.iov_base = request, .iov_len = b.used};
    union {
        char space[CMSG_SPACE(sizeof(fds))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = CMSG_SPACE(attached)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(attached);
    memcpy(CMSG_DATA(header), fds, attached);
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

/* A copy of the length-prefixed string at *at (NUL-terminated), *at moved past it; NULL on a short message. */
static char *take_string(const uint8_t *message, size_t size, size_t *at) {
    if (*at + 4 > size) return NULL;
    uint32_t length = get_u32(message + *at);
    *at += 4;
    if (length > size - *at) return NULL;
    char *text = malloc(length + 1);
    if (text == NULL) return NULL;
    memcpy(text, message + *at, length);
    text[length] = '\0';
    *at += length;
    return text;
}

static void answer(int sock, uint32_t type, int32_t value) {
    uint8_t message[8];
    for (int i = 0; i < 4; i++) message[i] = (uint8_t) (type >> (8 * i));
    for (int i = 0; i < 4; i++) message[4 + i] = (uint8_t) ((uint32_t) value >> (8 * i));
    while (send(sock, message, sizeof(message), MSG_NOSIGNAL) < 0 && errno == EINTR) {
    }
}

/*
 * Starts the process a SPAWN asks for, as this client's child: the attached descriptors at the numbers given (the
 * standard streams not given are this client's own), nothing else of this client's, then the program. Returns the
 * pid, or -errno when it could not be started (the child reports a failed exec through a close-on-exec pipe).
 */
static int32_t spawn(const uint8_t *message, size_t size, const int *attached, int count) {
    size_t at = 4;
    if (size < 8) return -EPROTO;
    uint32_t flags = get_u32(message + at);
    at += 4;
    char *path = take_string(message, size, &at);
    if (path == NULL || at + 4 > size) return -EPROTO;
    uint32_t argc = get_u32(message + at);
    at += 4;
    if (argc == 0 || argc > size) return -EPROTO;
    char **args = calloc(argc + 1, sizeof(char *));
    for (uint32_t i = 0; args != NULL && i < argc; i++) {
        if ((args[i] = take_string(message, size, &at)) == NULL) return -EPROTO;
    }
    if (args == NULL || at + 4 > size) return -EPROTO;
    uint32_t envc = get_u32(message + at);
    at += 4;
    if (envc > size) return -EPROTO;
    char **env = calloc(envc + 1, sizeof(char *));
    for (uint32_t i = 0; env != NULL && i < envc; i++) {
        if ((env[i] = take_string(message, size, &at)) == NULL) return -EPROTO;
    }
    if (env == NULL || at + 4 > size) return -EPROTO;
    uint32_t n = get_u32(message + at);
    at += 4;
    if (n > DAEMON_SPAWN_MAX_FDS || at + 8 * (size_t) n != size) return -EPROTO;
    int targets[DAEMON_SPAWN_MAX_FDS], sources[DAEMON_SPAWN_MAX_FDS], highest = 2;
    for (uint32_t i = 0; i < n; i++) {
        targets[i] = (int) get_u32(message + at + 8 * i);
        uint32_t index = get_u32(message + at + 8 * i + 4);
        if (index >= (uint32_t) count || targets[i] < 0 || targets[i] > 65535) return -EPROTO;
        sources[i] = attached[index];
        if (targets[i] > highest) highest = targets[i];
    }
    int executable = -1;
    if (flags & DAEMON_SPAWN_EXECUTABLE_ATTACHED) {
        if (count < 1) return -EPROTO;
        executable = attached[0];
    }
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        return -saved;
    }
    if (pid == 0) {
        /* Each source above every target first, so that no dup2 overwrites a source still needed; dup2 then
         * clears close-on-exec on the targets. */
        int first_free = highest + 1;
        /* The report pipe first, above the targets: a failure is told through it whatever else goes wrong. */
        int channel = fcntl(report[1], F_DUPFD_CLOEXEC, first_free);
        if (channel < 0) channel = report[1];
        int moved[DAEMON_SPAWN_MAX_FDS];
        for (uint32_t i = 0; i < n; i++) {
            if ((moved[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, first_free)) < 0) goto failed;
        }
        int exe = executable < 0 ? -1 : fcntl(executable, F_DUPFD_CLOEXEC, first_free);
        if (executable >= 0 && exe < 0) goto failed;
        for (uint32_t i = 0; i < n; i++) {
            if (dup2(moved[i], targets[i]) < 0) goto failed;
        }
        /* Nothing else of this client's reaches the program: below the targets' top what is no target is closed,
         * above it everything closes at the exec (the copies, the report pipe and the program's descriptor are
         * still needed until then). */
        for (int fd = 3; fd < first_free; fd++) {
            int wanted = 0;
            for (uint32_t i = 0; i < n; i++) wanted |= targets[i] == fd;
            if (!wanted) close(fd);
        }
        if (syscall(SYS_close_range, first_free, ~0u, 4 /* CLOSE_RANGE_CLOEXEC */) < 0) goto failed;
        if (exe >= 0) {
            syscall(SYS_execveat, exe, "", args, env, AT_EMPTY_PATH);
        } else {
            execve(path, args, env);
        }
    failed: {
            int error = errno;
            /* Nothing is left to do if even this fails: the parent then sees the pipe close, as for a success, and
             * the 127 when it waits. */
            if (write(channel, &error, sizeof(error)) < 0) _exit(126);
            _exit(127);
        }
    }
    close(report[1]);
    int error = 0;
    ssize_t got;
    do {
        got = read(report[0], &error, sizeof(error));
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t) sizeof(error)) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return -error;
    }
    return pid;
}

int main(int argc, char **argv) {
    const char *mode = getenv("HAKO_DAEMON");
    if (mode != NULL && strcmp(mode, "off") == 0) run_cold(argv);
    int sock = hand_over(argc, argv);
    if (sock < 0) run_cold(argv);
    static uint8_t message[DAEMON_MAX_REQUEST];
    int started = 0; /* once a process is started for the call, it can no longer run cold */
    for (;;) {
        int fds[DAEMON_SPAWN_MAX_FDS];
        int count = 0;
        struct iovec iov = {.iov_base = message, .iov_len = sizeof(message)};
        union {
            char space[CMSG_SPACE(sizeof(fds))];
            struct cmsghdr align;
        } control;
        struct msghdr header = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
                                .msg_controllen = sizeof(control.space)};
        ssize_t n;
        do {
            n = recvmsg(sock, &header, MSG_CMSG_CLOEXEC);
        } while (n < 0 && errno == EINTR);
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&header); c != NULL; c = CMSG_NXTHDR(&header, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                count = (int) ((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                if (count > DAEMON_SPAWN_MAX_FDS) count = DAEMON_SPAWN_MAX_FDS;
                memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t) count);
            }
        }
        uint32_t type = n >= 4 ? get_u32(message) : 0;
        if (type == DAEMON_REPLY_EXIT && n >= 8) return (int) (get_u32(message + 4) & 0xff);
        if (type == DAEMON_REPLY_COLD && !started) run_cold(argv);
        if (type == DAEMON_SPAWN) {
            int32_t pid = spawn(message, (size_t) n, fds, count);
            for (int i = 0; i < count; i++) close(fds[i]);
            started |= pid > 0;
            answer(sock, DAEMON_SPAWNED, pid);
            continue;
        }
        if (type == DAEMON_HOLD_SIGNALS && n == 4) {
            hold_signals();
            continue;
        }
        if (type == DAEMON_WAIT && n == 12) {
            pid_t pid = (pid_t) get_u32(message + 4);
            uint32_t flags = get_u32(message + 8);
            int status;
            if (flags & DAEMON_WAIT_FORWARD_SIGNALS) forward_signals(pid);
            if (flags & DAEMON_WAIT_RELAY_TERMINAL) {
                status = count == 1 ? relay_until_exit(pid, fds[0]) : -EPROTO;
            } else {
                status = wait_child(pid);
            }
            if (flags & DAEMON_WAIT_FORWARD_SIGNALS) stop_forwarding();
            for (int i = 0; i < count; i++) close(fds[i]);
            answer(sock, DAEMON_WAITED, status);
            continue;
        }
        /* Reset: the other end closed with the request unread, so it never ran the call. */
        if (n < 0 && errno == ECONNRESET && !started) run_cold(argv);
        /* The resident hako took the call and went away: what it did is unknown, so it is not run again. */
        dprintf(STDERR_FILENO, "hako: the resident hako ended during the call (%s); run it again, or with "
                               "HAKO_DAEMON=off\n", n < 0 ? strerror(errno) : "no answer");
        return 1;
    }
}
