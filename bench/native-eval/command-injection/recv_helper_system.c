/* Remote maintenance agent: the operator console asks it to ping hosts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

/* BAD: CWE-78 */
static int run_ping(const char *host)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
    return system(cmd); /* FLAW: CWE-78 */
}

static int read_request(int fd, char *buf, size_t len)
{
    ssize_t n = recv(fd, buf, len - 1, 0);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int serve_ping(int fd)
{
    char host[128];
    if (read_request(fd, host, sizeof host) != 0)
        return -1;
    return run_ping(host);
}

static int is_hostname(const char *s)
{
    if (*s == '\0' || strlen(s) > 63)
        return 0;
    for (; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
            return 0;
    }
    return 1;
}

/* GOOD: CWE-78 */
int serve_ping_validated(int fd)
{
    char host[128];
    char cmd[256];
    if (read_request(fd, host, sizeof host) != 0)
        return -1;
    if (!is_hostname(host))
        return -1;
    snprintf(cmd, sizeof cmd, "ping -c 1 %s", host);
    return system(cmd);
}
