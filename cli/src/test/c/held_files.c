/*
 * What a checkpoint must carry over besides memory: a file held open (and locked) and a socket pair with a
 * message in flight. CheckpointRoundTripsIT runs it as a container's init, built static.
 *
 *   held_files PATH
 *
 * Opens PATH for reading and appending (made empty), takes an exclusive flock(2) on it, writes "before\n" into
 * it, and sends "in flight" into one end of a socket pair; then prints "ready". After that, for each line read on
 * standard input: "file" appends "after\n" through the same descriptor and prints the whole file read through
 * it from the start, newlines shown as '|'; "socket" receives what waits at the pair's other end and prints it;
 * "lock" opens PATH anew and tries to lock it too (a flock belongs to the open file it was taken on): "held" when
 * that fails because the first lock is still there, "free" otherwise.
 * Every answer is one line, written at once (no stdio buffering: standard output is a pipe).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

static void say(const char *line) {
    char buffer[4200];
    size_t n = strlen(line);
    if (n > sizeof buffer - 1) {
        n = sizeof buffer - 1;
    }
    memcpy(buffer, line, n);
    buffer[n] = '\n';
    if (write(1, buffer, n + 1) < 0) {
        _exit(3);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: held_files PATH\n");
        return 2;
    }
    int file = open(argv[1], O_RDWR | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int pair[2];
    if (file < 0 || flock(file, LOCK_EX) != 0 || write(file, "before\n", 7) != 7
            || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0
            || send(pair[0], "in flight", 9, 0) != 9) {
        perror("held_files");
        return 1;
    }
    say("ready");
    char command[64];
    size_t length = 0;
    char c;
    while (read(0, &c, 1) == 1) {
        if (c != '\n') {
            if (length < sizeof command - 1) {
                command[length++] = c;
            }
            continue;
        }
        command[length] = '\0';
        length = 0;
        char answer[4096];
        if (strcmp(command, "file") == 0) {
            ssize_t n;
            if (write(file, "after\n", 6) != 6 || (n = pread(file, answer, sizeof answer - 1, 0)) < 0) {
                say("error: file");
                continue;
            }
            for (ssize_t i = 0; i < n; i++) {
                answer[i] = answer[i] == '\n' ? '|' : answer[i];
            }
            answer[n] = '\0';
            say(answer);
        } else if (strcmp(command, "socket") == 0) {
            ssize_t n = recv(pair[1], answer, sizeof answer - 1, MSG_DONTWAIT);
            answer[n < 0 ? 0 : n] = '\0';
            say(n < 0 ? "error: nothing waits" : answer);
        } else if (strcmp(command, "lock") == 0) {
            int other = open(argv[1], O_RDONLY | O_CLOEXEC);
            int locked = other >= 0 && flock(other, LOCK_EX | LOCK_NB) == 0;
            say(other < 0 ? "error: open" : locked ? "free" : "held");
            if (other >= 0) {
                close(other);
            }
        } else {
            say("error: unknown command");
        }
    }
    return 0;
}
