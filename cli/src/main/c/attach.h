/*
 * A foreground call's wait, done in the caller's process (see attach.c).
 */
#ifndef HAKO_ATTACH_H
#define HAKO_ATTACH_H

#include <sys/types.h>

/* From now on the signals a foreground caller forwards (INT, TERM, HUP, QUIT, USR1, USR2) are held for the
 * process the call is about to start, instead of ending this client. */
void hold_signals(void);
/* Passes them on to pid, those held first, until stop_forwarding (which drops what is still held). */
void forward_signals(pid_t pid);
void stop_forwarding(void);

/* Reaps pid, a child of this process: waitpid's status, or -errno. */
int wait_child(pid_t pid);

/* Relays this process's stdin to the pty whose master is given and the pty to its stdout until pid exits, then
 * what it printed last; reaps pid: waitpid's status, or -errno. */
int relay_until_exit(pid_t pid, int master);

#endif
