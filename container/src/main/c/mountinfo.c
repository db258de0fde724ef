#include "stage_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * This process's mount table, from /proc/self/mountinfo (proc(5)): for the few decisions that depend on the
 * mounts as they are when the stage runs (is the rootfs's parent shared, which procfs and sysfs mounts a
 * chroot would leave reachable).
 */

/* Reads a whole file into a NUL-terminated buffer (mountinfo has no size to stat). */
static char *read_text(const char *path) {
    char why[96];
    int fd = procfs_open(path, O_RDONLY, why, sizeof(why));
    if (fd < 0) return NULL;
    size_t capacity = 16384, used = 0;
    char *text = malloc(capacity);
    while (text != NULL) {
        if (used + 1 >= capacity) {
            char *bigger = realloc(text, capacity * 2);
            if (bigger == NULL) {
                free(text);
                text = NULL;
                errno = ENOMEM;
                break;
            }
            text = bigger;
            capacity *= 2;
        }
        ssize_t n = read(fd, text + used, capacity - used - 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int saved = errno;
            free(text);
            text = NULL;
            errno = saved;
            break;
        }
        if (n == 0) {
            text[used] = '\0';
            break;
        }
        used += (size_t) n;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return text;
}

/* Undoes the kernel's octal escapes (\040 for a space, ...) in place. */
static void unescape(char *field) {
    char *out = field;
    for (char *in = field; *in != '\0'; in++) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' && in[3] >= '0'
            && in[3] <= '7') {
            *out++ = (char) ((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
            in += 3;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
}

int mountinfo_read(struct mount_table *table) {
    table->text = read_text("/proc/self/mountinfo");
    table->entries = NULL;
    table->count = 0;
    if (table->text == NULL) return -1;
    size_t lines = 0;
    for (char *p = table->text; *p != '\0'; p++) lines += *p == '\n';
    table->entries = calloc(lines + 1, sizeof(*table->entries));
    if (table->entries == NULL) {
        free(table->text);
        return errno = ENOMEM, -1;
    }
    char *line_end;
    for (char *line = table->text; *line != '\0'; line = line_end + 1) {
        line_end = strchr(line, '\n');
        if (line_end == NULL) break;
        *line_end = '\0';
        /* id parent major:minor root mount-point options [optional fields...] - type source super-options */
        char *fields[64];
        int n = 0;
        for (char *field = strtok(line, " "); field != NULL && n < 64; field = strtok(NULL, " ")) fields[n++] = field;
        int separator = 6;
        while (separator < n && strcmp(fields[separator], "-") != 0) separator++;
        if (separator + 1 >= n) continue; /* not a line of the documented form: nothing to decide from */
        struct mount_entry *entry = &table->entries[table->count++];
        entry->root = fields[3];
        entry->mount_point = fields[4];
        entry->type = fields[separator + 1];
        entry->shared = 0;
        for (int i = 6; i < separator; i++) entry->shared |= strncmp(fields[i], "shared:", 7) == 0;
        unescape(entry->root);
        unescape(entry->mount_point);
    }
    return 0;
}

void mountinfo_free(struct mount_table *table) {
    free(table->entries);
    free(table->text);
    table->entries = NULL;
    table->text = NULL;
    table->count = 0;
}

int path_is_under(const char *path, const char *top) {
    size_t length = strlen(top);
    if (strcmp(top, "/") == 0) return path[0] == '/';
    return strncmp(path, top, length) == 0 && (path[length] == '\0' || path[length] == '/');
}
