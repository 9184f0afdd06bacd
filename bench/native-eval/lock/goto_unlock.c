/* Shared configuration snapshot of a routing daemon. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct config {
    char *routes;
    size_t len;
};

static pthread_mutex_t g_cfg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct config g_cfg;

/* BAD: CWE-667 */
char *config_copy_routes(void)
{
    char *copy;
    pthread_mutex_lock(&g_cfg_lock);
    copy = malloc(g_cfg.len + 1);
    if (copy == NULL)
        return NULL; /* FLAW: CWE-667 */
    memcpy(copy, g_cfg.routes, g_cfg.len);
    copy[g_cfg.len] = '\0';
    pthread_mutex_unlock(&g_cfg_lock);
    return copy;
}

/* GOOD: CWE-667 */
char *config_copy_routes_fixed(void)
{
    char *copy;
    pthread_mutex_lock(&g_cfg_lock);
    copy = malloc(g_cfg.len + 1);
    if (copy == NULL)
        goto out;
    memcpy(copy, g_cfg.routes, g_cfg.len);
    copy[g_cfg.len] = '\0';
out:
    pthread_mutex_unlock(&g_cfg_lock);
    return copy;
}
