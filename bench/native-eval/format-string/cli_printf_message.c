/* "notify" command: prints a message given on the command line, optionally to a file. */
#include <stdio.h>
#include <string.h>

/* BAD: CWE-134 */
int notify_print(int argc, char **argv)
{
    if (argc < 2)
        return 1;
    printf(argv[1]); /* FLAW: CWE-134 */
    putchar('\n');
    return 0;
}

/* BAD: CWE-134 */
int notify_file(FILE *out, const char *message)
{
    fprintf(out, message); /* FLAW: CWE-134 */
    return fputc('\n', out) == EOF ? -1 : 0;
}

/* GOOD: CWE-134 */
int notify_print_safe(int argc, char **argv)
{
    if (argc < 2)
        return 1;
    printf("%s\n", argv[1]);
    return 0;
}

/* GOOD: CWE-134 */
int notify_file_safe(FILE *out, const char *message)
{
    fputs(message, out);
    return fputc('\n', out) == EOF ? -1 : 0;
}
