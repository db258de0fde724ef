package io.hako.sys.internal;

/** System call numbers of the running architecture (x86_64 or aarch64, the two hako supports). */
public final class Nr {
    private static final boolean X86_64 = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> true;
        case "aarch64" -> false;
        default -> throw new ExceptionInInitializerError("hako supports x86_64 and aarch64, not "
                + System.getProperty("os.arch"));
    };

    public static final long READ = X86_64 ? 0 : 63;
    public static final long WRITE = X86_64 ? 1 : 64;
    public static final long CLOSE = X86_64 ? 3 : 57;
    public static final long LSEEK = X86_64 ? 8 : 62;
    public static final long KILL = X86_64 ? 62 : 129;
    public static final long FCNTL = X86_64 ? 72 : 25;
    public static final long FLOCK = X86_64 ? 73 : 32;
    public static final long SOCKETPAIR = X86_64 ? 53 : 199;
    public static final long PIPE2 = X86_64 ? 293 : 59;
    public static final long SOCKET = X86_64 ? 41 : 198;
    public static final long CONNECT = X86_64 ? 42 : 203;
    public static final long BIND = X86_64 ? 49 : 200;
    public static final long LISTEN = X86_64 ? 50 : 201;
    public static final long ACCEPT4 = X86_64 ? 288 : 242;
    public static final long SENDMSG = X86_64 ? 46 : 211;
    public static final long RECVMSG = X86_64 ? 47 : 212;
    public static final long GETSOCKOPT = X86_64 ? 55 : 209;
    public static final long PRCTL = X86_64 ? 157 : 167;
    public static final long WAITID = X86_64 ? 247 : 95;
    public static final long OPENAT = X86_64 ? 257 : 56;
    public static final long MKNODAT = X86_64 ? 259 : 33;
    public static final long MKDIRAT = X86_64 ? 258 : 34;
    public static final long MOUNT = X86_64 ? 165 : 40;
    public static final long UMOUNT2 = X86_64 ? 166 : 39;
    public static final long MEMFD_CREATE = X86_64 ? 319 : 279;
    public static final long PIDFD_SEND_SIGNAL = 424;
    public static final long PIDFD_OPEN = 434;
    public static final long OPENAT2 = 437;
    public static final long PPOLL = X86_64 ? 271 : 73;
    public static final long GETEUID = X86_64 ? 107 : 175;
    public static final long GETEGID = X86_64 ? 108 : 177;
    public static final long BPF = X86_64 ? 321 : 280;
    public static final long EVENTFD2 = X86_64 ? 290 : 19;
    public static final long INOTIFY_INIT1 = X86_64 ? 294 : 26;
    public static final long INOTIFY_ADD_WATCH = X86_64 ? 254 : 27;

    private Nr() {}
}
