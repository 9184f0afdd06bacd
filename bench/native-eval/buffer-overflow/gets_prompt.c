/* Interactive setup wizard for a point-of-sale terminal. */
#include <stdio.h>
#include <string.h>

#define FIELD 40

struct terminal_setup {
    char shop[FIELD];
    char city[FIELD];
};

static void strip_newline(char *s)
{
    s[strcspn(s, "\n")] = '\0';
}

/* BAD: CWE-242 */
int ask_shop_legacy(struct terminal_setup *setup)
{
    printf("Shop name: ");
    fflush(stdout);
    if (gets(setup->shop) == NULL) /* FLAW: CWE-242 */
        return -1;
    return 0;
}

/* GOOD: CWE-242 */
int ask_shop(struct terminal_setup *setup)
{
    printf("Shop name: ");
    fflush(stdout);
    if (fgets(setup->shop, sizeof setup->shop, stdin) == NULL)
        return -1;
    strip_newline(setup->shop);
    return 0;
}

/* GOOD: CWE-242 */
int ask_city(struct terminal_setup *setup)
{
    char line[FIELD];
    if (fgets(line, sizeof line, stdin) == NULL)
        return -1;
    strip_newline(line);
    memcpy(setup->city, line, sizeof setup->city);
    return 0;
}
