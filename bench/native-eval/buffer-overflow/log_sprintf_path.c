/* Rotating log writer for a background daemon. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LOG_DIR "/var/log/syncd"

struct log_state {
    char current[128];
    int generation;
};

/* BAD: CWE-121 */
void log_rotate_name(struct log_state *st, const char *service)
{
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d", gmtime(&now));
    sprintf(st->current, "%s/%s-%s.%d.log", LOG_DIR, service, stamp, st->generation); /* FLAW: CWE-121 */
    st->generation++;
}

/* GOOD: CWE-121 */
void log_rotate_name_bounded(struct log_state *st, const char *service)
{
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y%m%d", gmtime(&now));
    snprintf(st->current, sizeof st->current, "%s/%s-%s.%d.log", LOG_DIR, service, stamp,
             st->generation);
    st->generation++;
}

/* GOOD: CWE-121 */
void log_generation_suffix(struct log_state *st, char out[16])
{
    /* an int prints as at most 11 characters plus ".log" and the terminator */
    sprintf(out, ".%d.log", st->generation % 1000);
}
