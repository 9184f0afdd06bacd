/* Health-check probe of a load balancer. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* BAD: CWE-775 */
int probe(const struct sockaddr_in *addr)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    if (connect(s, (const struct sockaddr *)addr, sizeof *addr) != 0)
        return -1; /* FLAW: CWE-775 */
    close(s);
    return 0;
}

/* GOOD: CWE-775 */
int probe_fixed(const struct sockaddr_in *addr)
{
    int rc;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0)
        return -1;
    rc = connect(s, (const struct sockaddr *)addr, sizeof *addr);
    close(s);
    return rc == 0 ? 0 : -1;
}
