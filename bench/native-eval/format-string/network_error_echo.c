/* Line-based control protocol: echoes an error with the offending command. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

static void send_line(int fd, const char *s)
{
    send(fd, s, strlen(s), 0);
}

/* BAD: CWE-134 */
void reject_command(int fd)
{
    char cmd[128];
    char reply[256];
    ssize_t n = recv(fd, cmd, sizeof cmd - 1, 0);
    if (n <= 0)
        return;
    cmd[n] = '\0';
    snprintf(reply, sizeof reply, cmd); /* FLAW: CWE-134 */
    send_line(fd, reply);
}

/* GOOD: CWE-134 */
void reject_command_safe(int fd)
{
    char cmd[128];
    char reply[256];
    ssize_t n = recv(fd, cmd, sizeof cmd - 1, 0);
    if (n <= 0)
        return;
    cmd[n] = '\0';
    snprintf(reply, sizeof reply, "ERR unknown command: %s\r\n", cmd);
    send_line(fd, reply);
}
