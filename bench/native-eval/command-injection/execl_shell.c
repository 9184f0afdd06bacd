/* Hook runner of a git server: runs a hook script with the ref name. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

/* BAD: CWE-78 */
int run_hook(const char *hook, const char *refname)
{
    char line[512];
    pid_t pid;
    int status;
    snprintf(line, sizeof line, "%s %s", hook, refname);
    pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", line, (char *)NULL); /* FLAW: CWE-78 */
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WEXITSTATUS(status);
}

/* GOOD: CWE-78 */
int run_hook_fixed(const char *hook, const char *refname)
{
    pid_t pid;
    int status;
    pid = fork();
    if (pid == 0) {
        execl(hook, hook, refname, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WEXITSTATUS(status);
}
