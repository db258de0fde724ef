#include "stage_ops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/*
 * tmpcopyup: a tmpfs mounted over a directory of the image starts with a copy of that directory, as runc's and
 * crun's do (podman's --read-only and --tmpfs rely on it). Everything is opened relative to a directory descriptor
 * with O_NOFOLLOW, one name at a time: a symlink in the image is copied as a link, never followed.
 */

#define COPY_MAX_DEPTH 128

/* Remembers where the copy failed, for the error message: each level up puts its directory's name in front. */
static void note(char *failed, size_t size, const char *name) {
    char inner[PATH_MAX];
    snprintf(inner, sizeof(inner), "%s", failed);
    if (inner[0] == '\0') {
        snprintf(failed, size, "%s", name);
    } else {
        snprintf(failed, size, "%s/%s", name, inner);
    }
}

/*
 * Copies the extended attributes of from to to. An attribute the new filesystem does not take (a "trusted." one
 * without the capability, a "security." one its LSM does not know) is left out: the copy keeps what the
 * filesystem can hold, which is what runc and crun do too.
 */
static int copy_xattrs(int from, int to) {
    char names[4096];
    ssize_t length = flistxattr(from, names, sizeof(names));
    if (length < 0) return errno == ENOTSUP || errno == ERANGE ? 0 : -1;
    for (char *name = names; name < names + length; name += strlen(name) + 1) {
        char value[4096];
        ssize_t size = fgetxattr(from, name, value, sizeof(value));
        if (size < 0) {
            if (errno == ENODATA || errno == ERANGE || errno == ENOTSUP) continue;
            return -1;
        }
        if (fsetxattr(to, name, value, (size_t) size, 0) < 0 && errno != ENOTSUP && errno != EPERM) return -1;
    }
    return 0;
}

/* Owner, mode and times of st on the open file to (not a symlink). */
static int copy_attributes(const struct stat *st, int from, int to) {
    if (fchown(to, st->st_uid, st->st_gid) < 0) return -1;
    if (fchmod(to, st->st_mode & 07777) < 0) return -1;
    if (copy_xattrs(from, to) < 0) return -1;
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    return futimens(to, times);
}

static int copy_file(int from_dir, int to_dir, const char *name, const struct stat *st) {
    int from = openat(from_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (from < 0) return -1;
    int to = openat(to_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (to < 0) {
        int saved = errno;
        close(from);
        return errno = saved, -1;
    }
    int rc = 0;
    char buffer[65536];
    for (;;) {
        ssize_t n = read(from, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            rc = (int) n;
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t written = write(to, buffer + done, (size_t) (n - done));
            if (written < 0 && errno == EINTR) continue;
            if (written < 0) {
                rc = -1;
                break;
            }
            done += written;
        }
        if (rc < 0) break;
    }
    if (rc == 0) rc = copy_attributes(st, from, to);
    int saved = errno;
    close(from);
    close(to);
    errno = saved;
    return rc;
}

static int copy_link(int from_dir, int to_dir, const char *name, const struct stat *st) {
    char target[PATH_MAX];
    ssize_t n = readlinkat(from_dir, name, target, sizeof(target) - 1);
    if (n < 0) return -1;
    target[n] = '\0';
    if (symlinkat(target, to_dir, name) < 0) return -1;
    if (fchownat(to_dir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0) return -1;
    struct timespec times[2] = {st->st_atim, st->st_mtim};
    return utimensat(to_dir, name, times, AT_SYMLINK_NOFOLLOW);
}

static int copy_node(int to_dir, const char *name, const struct stat *st) {
    if (mknodat(to_dir, name, st->st_mode, st->st_rdev) < 0) return -1;
    if (fchownat(to_dir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0) return -1;
    return fchmodat(to_dir, name, st->st_mode & 07777, 0);
}

static int copy_entries(int from, int to, int depth, char *failed, size_t failed_size);

static int copy_directory(int from_dir, int to_dir, const char *name, const struct stat *st, int depth, char *failed,
                          size_t failed_size) {
    if (mkdirat(to_dir, name, 0700) < 0) return -1;
    int from = openat(from_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (from < 0) return -1;
    int to = openat(to_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int rc = to < 0 ? -1 : copy_entries(from, to, depth + 1, failed, failed_size);
    /* The directory's own mode last: a read-only one is filled first. */
    if (rc == 0) rc = copy_attributes(st, from, to);
    int saved = errno;
    close(from);
    if (to >= 0) close(to);
    errno = saved;
    return rc;
}

static int copy_entries(int from, int to, int depth, char *failed, size_t failed_size) {
    if (depth > COPY_MAX_DEPTH) return errno = ELOOP, -1;
    int listing = dup(from);
    if (listing < 0) return -1;
    DIR *dir = fdopendir(listing);
    if (dir == NULL) {
        int saved = errno;
        close(listing);
        return errno = saved, -1;
    }
    int rc = 0;
    struct dirent *entry;
    for (errno = 0; (entry = readdir(dir)) != NULL; errno = 0) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        struct stat st;
        if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = copy_directory(from, to, name, &st, depth, failed, failed_size);
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file(from, to, name, &st);
        } else if (S_ISLNK(st.st_mode)) {
            rc = copy_link(from, to, name, &st);
        } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
            rc = copy_node(to, name, &st);
        } /* a socket is bound by a process: there is nothing of it to copy */
        if (rc < 0) {
            note(failed, failed_size, name);
            break;
        }
    }
    int saved = errno;
    if (rc == 0 && saved != 0) rc = -1; /* readdir failed */
    closedir(dir);
    errno = saved;
    return rc;
}

int copy_tree(int from, int to, char *failed_path, size_t failed_size) {
    failed_path[0] = '\0';
    return copy_entries(from, to, 0, failed_path, failed_size);
}
