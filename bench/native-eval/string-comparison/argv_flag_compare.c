/* Flag parsing in a firmware flashing tool. */
#include <stdio.h>
#include <string.h>

/* BAD: CWE-597 */
int wants_force(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i] == "--force") /* FLAW: CWE-597 */
            return 1;
    }
    return 0;
}

/* GOOD: CWE-597 */
int wants_force_fixed(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            return 1;
    }
    return 0;
}

/* GOOD: CWE-597 */
int is_end_of_args(char **argv, int i)
{
    return argv[i] == NULL;
}
