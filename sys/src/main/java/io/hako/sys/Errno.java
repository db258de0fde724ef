package io.hako.sys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Linux error numbers with their names ({@code ENOENT}) and the lower-case descriptions that runc and Go print
 * ({@code no such file or directory}). Engines match those descriptions in error messages: conmon maps
 * "permission denied" to exit 126 and "no such file or directory" to 127.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** No such process. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** No child processes. */
    public static final int ECHILD = 10;
    /** Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** File exists. */
    public static final int EEXIST = 17;
    /** Not a directory. */
    public static final int ENOTDIR = 20;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Function not implemented. */
    public static final int ENOSYS = 38;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Too many levels of symbolic links. */
    public static final int ELOOP = 40;
    /** Invalid cross-device link. */
    public static final int EXDEV = 18;

    /** Name and description by number, flattened: [2n] name, [2n+1] description. Generated from the uapi headers. */
    private static final String[] TABLE = {
            /*   0 */ null, null,
            /*   1 */ "EPERM", "operation not permitted",
            /*   2 */ "ENOENT", "no such file or directory",
            /*   3 */ "ESRCH", "no such process",
            /*   4 */ "EINTR", "interrupted system call",
            /*   5 */ "EIO", "input/output error",
            /*   6 */ "ENXIO", "no such device or address",
            /*   7 */ "E2BIG", "argument list too long",
            /*   8 */ "ENOEXEC", "exec format error",
            /*   9 */ "EBADF", "bad file descriptor",
            /*  10 */ "ECHILD", "no child processes",
            /*  11 */ "EAGAIN", "resource temporarily unavailable",
            /*  12 */ "ENOMEM", "cannot allocate memory",
            /*  13 */ "EACCES", "permission denied",
            /*  14 */ "EFAULT", "bad address",
            /*  15 */ "ENOTBLK", "block device required",
            /*  16 */ "EBUSY", "device or resource busy",
            /*  17 */ "EEXIST", "file exists",
            /*  18 */ "EXDEV", "invalid cross-device link",
            /*  19 */ "ENODEV", "no such device",
            /*  20 */ "ENOTDIR", "not a directory",
            /*  21 */ "EISDIR", "is a directory",
            /*  22 */ "EINVAL", "invalid argument",
            /*  23 */ "ENFILE", "too many open files in system",
            /*  24 */ "EMFILE", "too many open files",
            /*  25 */ "ENOTTY", "inappropriate ioctl for device",
            /*  26 */ "ETXTBSY", "text file busy",
            /*  27 */ "EFBIG", "file too large",
            /*  28 */ "ENOSPC", "no space left on device",
            /*  29 */ "ESPIPE", "illegal seek",
            /*  30 */ "EROFS", "read-only file system",
            /*  31 */ "EMLINK", "too many links",
            /*  32 */ "EPIPE", "broken pipe",
            /*  33 */ "EDOM", "numerical argument out of domain",
            /*  34 */ "ERANGE", "numerical result out of range",
            /*  35 */ "EDEADLK", "resource deadlock avoided",
            /*  36 */ "ENAMETOOLONG", "file name too long",
            /*  37 */ "ENOLCK", "no locks available",
            /*  38 */ "ENOSYS", "function not implemented",
            /*  39 */ "ENOTEMPTY", "directory not empty",
            /*  40 */ "ELOOP", "too many levels of symbolic links",
            /*  41 */ null, null,
            /*  42 */ "ENOMSG", "no message of desired type",
            /*  43 */ "EIDRM", "identifier removed",
            /*  44 */ "ECHRNG", "channel number out of range",
            /*  45 */ "EL2NSYNC", "level 2 not synchronized",
            /*  46 */ "EL3HLT", "level 3 halted",
            /*  47 */ "EL3RST", "level 3 reset",
            /*  48 */ "ELNRNG", "link number out of range",
            /*  49 */ "EUNATCH", "protocol driver not attached",
            /*  50 */ "ENOCSI", "no CSI structure available",
            /*  51 */ "EL2HLT", "level 2 halted",
            /*  52 */ "EBADE", "invalid exchange",
            /*  53 */ "EBADR", "invalid request descriptor",
            /*  54 */ "EXFULL", "exchange full",
            /*  55 */ "ENOANO", "no anode",
            /*  56 */ "EBADRQC", "invalid request code",
            /*  57 */ "EBADSLT", "invalid slot",
            /*  58 */ null, null,
            /*  59 */ "EBFONT", "bad font file format",
            /*  60 */ "ENOSTR", "device not a stream",
            /*  61 */ "ENODATA", "no data available",
            /*  62 */ "ETIME", "timer expired",
            /*  63 */ "ENOSR", "out of streams resources",
            /*  64 */ "ENONET", "machine is not on the network",
            /*  65 */ "ENOPKG", "package not installed",
            /*  66 */ "EREMOTE", "object is remote",
            /*  67 */ "ENOLINK", "link has been severed",
            /*  68 */ "EADV", "advertise error",
            /*  69 */ "ESRMNT", "srmount error",
            /*  70 */ "ECOMM", "communication error on send",
            /*  71 */ "EPROTO", "protocol error",
            /*  72 */ "EMULTIHOP", "multihop attempted",
            /*  73 */ "EDOTDOT", "rFS specific error",
            /*  74 */ "EBADMSG", "bad message",
            /*  75 */ "EOVERFLOW", "value too large for defined data type",
            /*  76 */ "ENOTUNIQ", "name not unique on network",
            /*  77 */ "EBADFD", "file descriptor in bad state",
            /*  78 */ "EREMCHG", "remote address changed",
            /*  79 */ "ELIBACC", "can not access a needed shared library",
            /*  80 */ "ELIBBAD", "accessing a corrupted shared library",
            /*  81 */ "ELIBSCN", ".lib section in a.out corrupted",
            /*  82 */ "ELIBMAX", "attempting to link in too many shared libraries",
            /*  83 */ "ELIBEXEC", "cannot exec a shared library directly",
            /*  84 */ "EILSEQ", "invalid or incomplete multibyte or wide character",
            /*  85 */ "ERESTART", "interrupted system call should be restarted",
            /*  86 */ "ESTRPIPE", "streams pipe error",
            /*  87 */ "EUSERS", "too many users",
            /*  88 */ "ENOTSOCK", "socket operation on non-socket",
            /*  89 */ "EDESTADDRREQ", "destination address required",
            /*  90 */ "EMSGSIZE", "message too long",
            /*  91 */ "EPROTOTYPE", "protocol wrong type for socket",
            /*  92 */ "ENOPROTOOPT", "protocol not available",
            /*  93 */ "EPROTONOSUPPORT", "protocol not supported",
            /*  94 */ "ESOCKTNOSUPPORT", "socket type not supported",
            /*  95 */ "EOPNOTSUPP", "operation not supported",
            /*  96 */ "EPFNOSUPPORT", "protocol family not supported",
            /*  97 */ "EAFNOSUPPORT", "address family not supported by protocol",
            /*  98 */ "EADDRINUSE", "address already in use",
            /*  99 */ "EADDRNOTAVAIL", "cannot assign requested address",
            /* 100 */ "ENETDOWN", "network is down",
            /* 101 */ "ENETUNREACH", "network is unreachable",
            /* 102 */ "ENETRESET", "network dropped connection on reset",
            /* 103 */ "ECONNABORTED", "software caused connection abort",
            /* 104 */ "ECONNRESET", "connection reset by peer",
            /* 105 */ "ENOBUFS", "no buffer space available",
            /* 106 */ "EISCONN", "transport endpoint is already connected",
            /* 107 */ "ENOTCONN", "transport endpoint is not connected",
            /* 108 */ "ESHUTDOWN", "cannot send after transport endpoint shutdown",
            /* 109 */ "ETOOMANYREFS", "too many references: cannot splice",
            /* 110 */ "ETIMEDOUT", "connection timed out",
            /* 111 */ "ECONNREFUSED", "connection refused",
            /* 112 */ "EHOSTDOWN", "host is down",
            /* 113 */ "EHOSTUNREACH", "no route to host",
            /* 114 */ "EALREADY", "operation already in progress",
            /* 115 */ "EINPROGRESS", "operation now in progress",
            /* 116 */ "ESTALE", "stale file handle",
            /* 117 */ "EUCLEAN", "structure needs cleaning",
            /* 118 */ "ENOTNAM", "not a XENIX named type file",
            /* 119 */ "ENAVAIL", "no XENIX semaphores available",
            /* 120 */ "EISNAM", "is a named type file",
            /* 121 */ "EREMOTEIO", "remote I/O error",
            /* 122 */ "EDQUOT", "disk quota exceeded",
            /* 123 */ "ENOMEDIUM", "no medium found",
            /* 124 */ "EMEDIUMTYPE", "wrong medium type",
            /* 125 */ "ECANCELED", "operation canceled",
            /* 126 */ "ENOKEY", "required key not available",
            /* 127 */ "EKEYEXPIRED", "key has expired",
            /* 128 */ "EKEYREVOKED", "key has been revoked",
            /* 129 */ "EKEYREJECTED", "key was rejected by service",
            /* 130 */ "EOWNERDEAD", "owner died",
            /* 131 */ "ENOTRECOVERABLE", "state not recoverable",
            /* 132 */ "ERFKILL", "operation not possible due to RF-kill",
            /* 133 */ "EHWPOISON", "memory page has hardware error",
    };

    private Errno() {}

    /**
     * {@return the symbolic name, {@code ENOENT}, or {@code errno N} for a number this table does not know}
     *
     * @param errno the error number
     */
    public static String name(int errno) {
        String name = errno > 0 && 2 * errno < TABLE.length ? TABLE[2 * errno] : null;
        return name != null ? name : "errno " + errno;
    }

    /**
     * The errno behind a file operation of the JDK that failed: the JDK turns ENOENT, EACCES, EEXIST, ENOTDIR and
     * ENOTEMPTY into exceptions of their own, keeps strerror's text as the reason of the others, and as the whole
     * message of a failed read or write.
     *
     * @param e what a {@code java.nio.file} or stream operation threw
     * @return the errno; 0 when the exception says nothing the kernel's table knows
     */
    public static int of(IOException e) {
        return switch (e) {
            case NoSuchFileException _ -> ENOENT;
            case AccessDeniedException _ -> EACCES;
            case FileAlreadyExistsException _ -> EEXIST;
            case NotDirectoryException _ -> ENOTDIR;
            case DirectoryNotEmptyException _ -> 39;
            case FileSystemException fs when fs.getReason() != null -> byDescription(fs.getReason());
            case FileSystemException _ -> 0;
            // A read or write on an open file fails with a plain IOException holding strerror's text alone.
            default -> e.getMessage() == null ? 0 : byDescription(e.getMessage());
        };
    }

    /**
     * What a failed file operation of the JDK says, as runc would print it: {@code mkdir /run/hako: permission
     * denied} for {@code what} "mkdir /run/hako". The JDK's own messages drop the reason of the errors it has a
     * class for ({@code AccessDeniedException: /run/hako}).
     *
     * @param what the operation and its subject, as the message should begin
     * @param e what the operation threw
     * @return {@code what}, a colon and the reason: errno's description when known, else the JDK's message
     */
    public static String explain(String what, IOException e) {
        int errno = of(e);
        if (errno != 0) {
            return what + ": " + describe(errno);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return what + ": " + message;
    }

    /**
     * A failed file operation's message with the kernel's reason in runc's words: {@code /run/hako: permission
     * denied} where the JDK says only {@code /run/hako}.
     *
     * @param e what a file operation threw
     * @return the file (and the other file, after {@code ->}) and the reason; the reason alone when the
     *     exception names no file
     */
    public static String message(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String files = fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
            int errno = of(e);
            String reason = errno != 0 ? describe(errno) : fs.getReason();
            return reason == null ? files : files + ": " + reason;
        }
        int errno = of(e);
        if (errno != 0) {
            return describe(errno);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int byDescription(String reason) {
        String wanted = reason.strip().toLowerCase(Locale.ROOT);
        for (int errno = 1; 2 * errno + 1 < TABLE.length; errno++) {
            if (wanted.equals(TABLE[2 * errno + 1])) {
                return errno;
            }
        }
        return 0;
    }

    /**
     * {@return the description as Go and runc print it, {@code no such file or directory}, or {@code errno N} for
     * a number this table does not know}
     *
     * @param errno the error number
     */
    public static String describe(int errno) {
        String text = errno > 0 && 2 * errno + 1 < TABLE.length ? TABLE[2 * errno + 1] : null;
        return text != null ? text : "errno " + errno;
    }
}
