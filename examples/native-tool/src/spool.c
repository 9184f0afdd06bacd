/*
 * spool: a small print-spool helper with deliberate memory and resource defects, for secreview's
 * C review. Do not use it.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
    char *owner;
    char *path;
    size_t size;
};

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *queue[64];
static int queue_len;

/* Use after free: the job is freed on the error path and logged afterwards. */
int submit(struct job *j) {
    if (j->size == 0) {
        free(j->owner);
        free(j);
    }
    printf("queued %s\n", j->owner);
    return 0;
}

/* Lock not released when the queue is full. */
int enqueue(struct job *j) {
    pthread_mutex_lock(&queue_lock);
    if (queue_len == 64)
        return -1;
    queue[queue_len++] = j;
    pthread_mutex_unlock(&queue_lock);
    return 0;
}

/* Descriptor leaked when the header is short; access() then open() races. */
int read_header(const char *path, char *hdr, size_t n) {
    if (access(path, R_OK) != 0)
        return -1;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    if (read(fd, hdr, n) != (ssize_t)n)
        return -1;
    close(fd);
    return 0;
}

/* Unchecked allocation, and the address of a local array returned. */
const char *describe(const struct job *j) {
    char line[128];
    char *owner = malloc(strlen(j->owner) + 1);
    memcpy(owner, j->owner, strlen(j->owner) + 1);
    snprintf(line, sizeof line, "%s: %zu bytes", owner, j->size);
    free(owner);
    return line;
}

/* Temporary file name handed out before the file exists. */
FILE *scratch(void) {
    char name[L_tmpnam];
    if (tmpnam(name) == NULL)
        return NULL;
    return fopen(name, "w+");
}
