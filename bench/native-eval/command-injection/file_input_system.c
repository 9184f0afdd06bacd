/* Batch job runner: executes jobs listed in a queue file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-78 */
int run_queue(const char *queue_path)
{
    char line[256];
    int failures = 0;
    FILE *fp = fopen(queue_path, "r");
    if (fp == NULL)
        return -1;
    while (fgets(line, sizeof line, fp) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (system(line) != 0) /* FLAW: CWE-78 */
            failures++;
    }
    fclose(fp);
    return failures;
}

static const char *const known_jobs[] = {"/usr/lib/jobs/rotate", "/usr/lib/jobs/vacuum"};

/* GOOD: CWE-78 */
int run_queue_allowlisted(const char *queue_path)
{
    char line[256];
    int failures = 0;
    FILE *fp = fopen(queue_path, "r");
    if (fp == NULL)
        return -1;
    while (fgets(line, sizeof line, fp) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        for (size_t i = 0; i < sizeof known_jobs / sizeof known_jobs[0]; i++) {
            if (strcmp(line, known_jobs[i]) == 0 && system(known_jobs[i]) != 0)
                failures++;
        }
    }
    fclose(fp);
    return failures;
}
