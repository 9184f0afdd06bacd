/* Accept loop of a small key-value server. */
#include <sys/socket.h>
#include <unistd.h>

int handshake(int fd);
int serve(int fd);

/* BAD: CWE-775 */
int accept_one(int listener)
{
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
        return -1;
    if (handshake(fd) != 0)
        return -1; /* FLAW: CWE-775 */
    serve(fd);
    close(fd);
    return 0;
}

/* GOOD: CWE-775 */
int accept_one_fixed(int listener)
{
    int rc = -1;
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
        return -1;
    if (handshake(fd) == 0)
        rc = serve(fd);
    close(fd);
    return rc;
}
