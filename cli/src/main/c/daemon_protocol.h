/*
 * The resident hako's protocol: one call a connection on a SOCK_SEQPACKET unix socket. DaemonProtocol is the
 * Java half; a test compares the constants of both.
 *
 *   request := magic:u32 version:u16 flags:u16 (0) build:str argc:u32 str{argc} envc:u32 str{envc}
 *              fdc:u32 number:u32{fdc}
 *              with SCM_RIGHTS: the working directory (O_PATH), stdin, stdout, stderr, then the caller's
 *              descriptors above them (at most MAX_CALLER_FDS, or the call runs cold), whose numbers are listed
 *   str     := length:u32 byte{length}
 *   reply   := type:u32, then for REPLY_EXIT status:u32, for REPLY_COLD a reason (bytes to the end)
 *
 * During a call the resident hako may ask the client to start a process (the stage, a hook) and to wait for one,
 * so that the processes are the caller's children:
 *   spawn   := SPAWN flags:u32 path:str argc:u32 str{argc} envc:u32 str{envc} n:u32 (target:u32 attached:u32){n}
 *              with SCM_RIGHTS the attached descriptors (the program first when SPAWN_EXECUTABLE_ATTACHED)
 *   answer  := SPAWNED pid:i32 (or -errno) | WAITED status:i32 (waitpid's, or -errno)
 *   hold    := HOLD_SIGNALS (no answer: a foreground call begins; the signals the client would forward are
 *              held for its process from now on)
 *   wait    := WAIT pid:u32 flags:u32, with SCM_RIGHTS a pty's master when WAIT_RELAY_TERMINAL
 *              (a foreground call's wait: the client forwards its signals to pid, relays the terminal)
 *
 * All numbers little-endian. A request the resident hako cannot serve exactly as the cold path would gets
 * REPLY_COLD, and the client runs the call itself (the JVM launcher); REPLY_EXIT means the call ran and the
 * client exits with that status.
 */
#ifndef HAKO_DAEMON_PROTOCOL_H
#define HAKO_DAEMON_PROTOCOL_H

#define DAEMON_MAGIC 0x4c434b48u /* "HKCL" */
#define DAEMON_VERSION 3
#define DAEMON_MAX_REQUEST (256u * 1024u)
#define DAEMON_REQUEST_FDS 4
#define DAEMON_MAX_CALLER_FDS 64
#define DAEMON_REPLY_COLD 1
#define DAEMON_REPLY_EXIT 2
#define DAEMON_SPAWN 3
#define DAEMON_SPAWNED 4
#define DAEMON_WAIT 5
#define DAEMON_WAITED 6
#define DAEMON_HOLD_SIGNALS 7
#define DAEMON_WAIT_FORWARD_SIGNALS 1
#define DAEMON_WAIT_RELAY_TERMINAL 2
#define DAEMON_SPAWN_EXECUTABLE_ATTACHED 1
#define DAEMON_SPAWN_MAX_FDS 80
/* Under the state root's base directory (/run/hako, $XDG_RUNTIME_DIR/hako): a directory only its owner enters. */
#define DAEMON_SOCKET_DIRECTORY "@daemon"
#define DAEMON_SOCKET_NAME "sock"

#endif
