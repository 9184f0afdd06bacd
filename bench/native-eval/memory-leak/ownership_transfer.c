/* Job queue of a print spooler: a submitted job belongs to the queue. */
#include <stdlib.h>
#include <string.h>

struct job {
    struct job *next;
    char *document;
};

struct queue {
    struct job *head;
    int paused;
};

/* GOOD: CWE-401 */
int queue_submit(struct queue *q, const char *document)
{
    struct job *j = malloc(sizeof *j);
    if (j == NULL)
        return -1;
    j->document = strdup(document);
    if (j->document == NULL) {
        free(j);
        return -1;
    }
    j->next = q->head;
    q->head = j;
    return 0;
}

/* BAD: CWE-401 */
int queue_submit_paused(struct queue *q, const char *document)
{
    struct job *j = malloc(sizeof *j);
    if (j == NULL)
        return -1;
    j->document = strdup(document);
    if (j->document == NULL) {
        free(j);
        return -1;
    }
    if (q->paused)
        return 1; /* FLAW: CWE-401 */
    j->next = q->head;
    q->head = j;
    return 0;
}
