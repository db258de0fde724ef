/*
 * Messages between the stage and main over the SOCK_SEQPACKET socket (its descriptor is given on the command
 * line). Each message is a u32 type, little-endian, then its payload. StageProcess is the Java half.
 */
#ifndef HAKO_SYNC_H
#define HAKO_SYNC_H

#include <stdint.h>

enum sync_type {
    /* stage -> main */
    SYNC_NEED_ID_MAPS = 1, /* the intermediate made a user namespace: write its maps */
    SYNC_INIT_PID = 2,     /* u32 pid of the init, as main sees it */
    SYNC_READY = 3,        /* the init is set up and waits for start */
    SYNC_ERROR = 4,        /* u32 index of the failed operation, u32 errno (0: none), message */
    SYNC_CONSOLE = 5,      /* the pty's name; its master travels with the message (SCM_RIGHTS) */
    SYNC_SECCOMP_LISTENER = 6, /* empty; the seccomp notify listener travels with the message (SCM_RIGHTS) */
    SYNC_NEED_CGROUP = 7,  /* the intermediate waits to be moved into the container's cgroup */
    SYNC_RUN_HOOKS = 8,    /* the init, its mounts made, waits for main's prestart and createRuntime hooks */
    /* main -> stage */
    SYNC_ID_MAPS_WRITTEN = 100,
    SYNC_CGROUP_JOINED = 101,
    SYNC_HOOKS_DONE = 102, /* the container's state (JSON) follows the type: the stdin of the init's hooks */
};

#endif
