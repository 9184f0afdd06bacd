/* Frees the argument vector built by a command parser. */
#include <stdlib.h>

/* BAD: CWE-415 */
void argv_free(char **argv, int argc)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv[0]); /* FLAW: CWE-415 */
    free(argv);
}

/* GOOD: CWE-415 */
void argv_free_fixed(char **argv, int argc)
{
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

/* BAD: CWE-415 */
void buffer_release_twice(char *buf, int reuse)
{
    free(buf);
    if (!reuse)
        free(buf); /* FLAW: CWE-415 */
}

/* GOOD: CWE-415 */
void buffer_release_once(char *buf, int reuse)
{
    if (!reuse)
        free(buf);
    buf = NULL;
    free(buf);
}
