/*
 * A foreground call's wait, in the caller's process. A foreground run or exec stays with its process: on the cold
 * path the JVM waits for it, passes the caller's signals on to it and relays its terminal. When the resident hako
 * runs the call, the process is this client's child (the client started the stage), so the client does that part:
 * the resident hako asks for it with a WAIT that carries the flags and the pty's master.
 */
#include "attach.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long, once the process has exited, what it printed last is waited for: the cold path's (Console). */
#define DRAIN_MILLIS 2000

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
#define FORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))
static struct sigaction previous[FORWARDED];
static int holding;
static volatile sig_atomic_t target;
/* Signals that came before the process ran, one bit each: they go on to it once it does. */
static volatile sig_atomic_t pending;

static void forward(int signal) {
    int saved = errno;
    if (target > 0) {
        kill((pid_t) target, signal);
    } else {
        pending |= 1 << signal;
    }
    errno = saved;
}

void hold_signals(void) {
    if (holding) return;
    holding = 1;
    /* No SA_RESTART: the waits below loop on EINTR. The handlers are reset in children at their exec. */
    struct sigaction action = {.sa_handler = forward};
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < FORWARDED; i++) sigaction(forwarded[i], &action, &previous[i]);
}

void forward_signals(pid_t pid) {
    hold_signals();
    sigset_t all, before;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &before);
    target = pid;
    int came = pending;
    pending = 0;
    sigprocmask(SIG_SETMASK, &before, NULL);
    for (size_t i = 0; i < FORWARDED; i++) {
        if (came & (1 << forwarded[i])) kill(pid, forwarded[i]);
    }
}

void stop_forwarding(void) {
    if (!holding) return;
    for (size_t i = 0; i < FORWARDED; i++) sigaction(forwarded[i], &previous[i], NULL);
    holding = 0;
    target = 0;
    pending = 0;
}

int wait_child(pid_t pid) {
    int status = 0;
    pid_t done;
    do {
        done = waitpid(pid, &status, 0);
    } while (done < 0 && errno == EINTR);
    return done < 0 ? -errno : status;
}

/* Writes all of it; 0, or -1 once fd refuses (a reader gone). */
static int write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        bytes += n;
        length -= (size_t) n;
    }
    return 0;
}

static long long now_millis(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* One read from the pty to stdout; 0 once the pty has no more to give (EIO: its slave's last holder closed it).
 * Once stdout refuses, the output is read and dropped, so that the process never blocks on a full pty. */
static int pass_output(int master, int *stdout_open) {
    char buffer[8192];
    ssize_t n = read(master, buffer, sizeof(buffer));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (n <= 0) return 0;
    if (*stdout_open && write_all(STDOUT_FILENO, buffer, (size_t) n) < 0) *stdout_open = 0;
    return 1;
}

int relay_until_exit(pid_t pid, int master) {
    int exited = (int) syscall(SYS_pidfd_open, pid, 0);
    if (exited < 0) return -errno;
    /* A closed stdout is an EPIPE here, not the end of this client: the status is still to be told. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, pipe_before;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &pipe_before);
    int input_open = 1, output_open = 1, stdout_open = 1;
    char buffer[8192];
    for (;;) {
        struct pollfd fds[3] = {{.fd = exited, .events = POLLIN},
                                {.fd = output_open ? master : -1, .events = POLLIN},
                                {.fd = input_open ? STDIN_FILENO : -1, .events = POLLIN}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents != 0) output_open = pass_output(master, &stdout_open);
        if (fds[2].revents != 0) {
            ssize_t n = read(STDIN_FILENO, buffer, sizeof(buffer));
            if (n < 0 && errno == EINTR) continue;
            /* The caller's end closed (or the pty refuses): no more input, as the cold relay stops. */
            if (n <= 0 || write_all(master, buffer, (size_t) n) < 0) input_open = 0;
        }
        if (fds[0].revents != 0) break;
    }
    /* What it printed last is still in the pty: read until the slave's last holder has gone, within a bound. */
    long long deadline = now_millis() + DRAIN_MILLIS;
    while (output_open) {
        long long left = deadline - now_millis();
        if (left <= 0) break;
        struct pollfd pty = {.fd = master, .events = POLLIN};
        int ready = poll(&pty, 1, (int) left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        output_open = pass_output(master, &stdout_open);
    }
    close(exited);
    sigaction(SIGPIPE, &pipe_before, NULL);
    return wait_child(pid);
}
