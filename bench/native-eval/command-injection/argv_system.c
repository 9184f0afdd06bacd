/* "archive" CLI: compresses a directory named on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* BAD: CWE-78 */
int archive_dir(int argc, char **argv)
{
    char cmd[512];
    if (argc < 2)
        return 2;
    snprintf(cmd, sizeof cmd, "tar czf /var/backups/out.tgz %s", argv[1]);
    return system(cmd); /* FLAW: CWE-78 */
}

/* GOOD: CWE-78 */
int archive_dir_exec(int argc, char **argv)
{
    pid_t pid;
    int status;
    if (argc < 2)
        return 2;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("tar", "tar", "czf", "/var/backups/out.tgz", "--", argv[1], (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* GOOD: CWE-78 */
int archive_default(void)
{
    return system("tar czf /var/backups/etc.tgz /etc");
}
