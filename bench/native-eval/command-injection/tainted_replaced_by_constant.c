/* Printer daemon: a client may ask for a printer; only the default queue is supported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

/* GOOD: CWE-78 */
int print_job(int fd)
{
    char queue[64];
    char cmd[128];
    ssize_t n = recv(fd, queue, sizeof queue - 1, 0);
    if (n <= 0)
        return -1;
    queue[n] = '\0';
    /* the requested queue is ignored: every job goes to the default queue */
    strcpy(queue, "default");
    snprintf(cmd, sizeof cmd, "lpr -P %s /var/spool/print/job", queue);
    return system(cmd);
}

/* BAD: CWE-78 */
int print_job_requested(int fd)
{
    char queue[64];
    char cmd[128];
    ssize_t n = recv(fd, queue, sizeof queue - 1, 0);
    if (n <= 0)
        return -1;
    queue[n] = '\0';
    snprintf(cmd, sizeof cmd, "lpr -P %s /var/spool/print/job", queue);
    return system(cmd); /* FLAW: CWE-78 */
}
