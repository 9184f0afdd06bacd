/* getopt loop of a network scanner. */
#include <getopt.h>
#include <stdlib.h>

struct options {
    int verbose;
    int port;
    int dry_run;
};

/* BAD: CWE-484 */
int parse_options(int argc, char **argv, struct options *o)
{
    int c;
    while ((c = getopt(argc, argv, "vp:n")) != -1) {
        switch (c) {
        case 'v':
            o->verbose++;
            break;
        case 'p': /* FLAW: CWE-484 */
            o->port = atoi(optarg); /* FLAW: CWE-484 */
        case 'n':
            o->dry_run = 1; /* FLAW: CWE-484 */
            break;
        default:
            return -1;
        }
    }
    return 0;
}

/* GOOD: CWE-484 */
int parse_options_fixed(int argc, char **argv, struct options *o)
{
    int c;
    while ((c = getopt(argc, argv, "vp:n")) != -1) {
        switch (c) {
        case 'v':
            o->verbose++;
            break;
        case 'p':
            o->port = atoi(optarg);
            break;
        case 'n':
            o->dry_run = 1;
            break;
        default:
            return -1;
        }
    }
    return 0;
}

/* GOOD: CWE-484 */
int count_digits_and_signs(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        switch (*s) {
        case '+':
        case '-':
        case '0':
        case '1':
        case '2':
            n++;
            break;
        default:
            return n;
        }
    }
    return n;
}
