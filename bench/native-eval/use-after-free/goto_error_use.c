/* Upload handler of a file-sharing service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct upload {
    char *name;
    size_t size;
};

int store(const struct upload *u);

/* BAD: CWE-416 */
int handle_upload(const char *name, size_t size)
{
    struct upload *u = malloc(sizeof *u);
    if (u == NULL)
        return -1;
    u->name = strdup(name);
    u->size = size;
    if (u->name == NULL || store(u) != 0)
        goto fail;
    free(u->name);
    free(u);
    return 0;
fail:
    free(u);
    fprintf(stderr, "upload of %s failed\n", u->name ? u->name : "?"); /* FLAW: CWE-416 */
    return -1;
}

/* GOOD: CWE-416 */
int handle_upload_fixed(const char *name, size_t size)
{
    int rc = -1;
    struct upload *u = malloc(sizeof *u);
    if (u == NULL)
        return -1;
    u->name = strdup(name);
    u->size = size;
    if (u->name != NULL && store(u) == 0)
        rc = 0;
    else
        fprintf(stderr, "upload of %s failed\n", name);
    free(u->name);
    free(u);
    return rc;
}
