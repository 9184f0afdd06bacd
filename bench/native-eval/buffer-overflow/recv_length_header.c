/* Game lobby server: receives chat lines prefixed by their length. */
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define CHAT_MAX 256

void broadcast(const char *msg, size_t len);

/* BAD: CWE-121 */
int read_chat(int fd)
{
    char msg[CHAT_MAX];
    uint16_t len;
    if (recv(fd, &len, sizeof len, MSG_WAITALL) != (ssize_t)sizeof len)
        return -1;
    if (recv(fd, msg, len, MSG_WAITALL) != (ssize_t)len) /* FLAW: CWE-121 */
        return -1;
    broadcast(msg, len);
    return 0;
}

/* GOOD: CWE-121 */
int read_chat_checked(int fd)
{
    char msg[CHAT_MAX];
    uint16_t len;
    if (recv(fd, &len, sizeof len, MSG_WAITALL) != (ssize_t)sizeof len)
        return -1;
    if (len > sizeof msg)
        return -1;
    if (recv(fd, msg, len, MSG_WAITALL) != (ssize_t)len)
        return -1;
    broadcast(msg, len);
    return 0;
}
