/**
 * The one place where hako talks to libc and the kernel, through FFM ({@code java.lang.foreign}): system calls
 * with errno, owned descriptors, poll, unix sockets with descriptor passing, pidfds, memfds, eventfds, inotify,
 * posix_spawn.
 */
module io.hako.sys {
    exports io.hako.sys;
}
