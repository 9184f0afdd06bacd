/* Copies a user-provided comment into a fixed record of a guest book service. */
#include <string.h>

#define COMMENT_MAX 200

struct entry {
    char comment[COMMENT_MAX];
    int stars;
};

/* BAD: CWE-195 */
int set_comment(struct entry *e, const char *text, int len)
{
    if (len > COMMENT_MAX - 1) /* a negative len passes this check */
        return -1;
    memcpy(e->comment, text, len); /* FLAW: CWE-195 */
    e->comment[len] = '\0';
    return 0;
}

/* GOOD: CWE-195 */
int set_comment_checked(struct entry *e, const char *text, int len)
{
    if (len < 0 || len > COMMENT_MAX - 1)
        return -1;
    memcpy(e->comment, text, (size_t)len);
    e->comment[len] = '\0';
    return 0;
}

/* GOOD: CWE-195 */
int set_comment_sized(struct entry *e, const char *text, size_t len)
{
    if (len > COMMENT_MAX - 1)
        return -1;
    memcpy(e->comment, text, len);
    e->comment[len] = '\0';
    return 0;
}
