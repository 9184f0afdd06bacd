/* Session identifiers of an embedded web server. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/random.h>

#define SID_BYTES 16

/* BAD: CWE-338 */
void make_session_id(char out[2 * SID_BYTES + 1])
{
    srand((unsigned)time(NULL)); /* FLAW: CWE-338 */
    for (int i = 0; i < SID_BYTES; i++)
        sprintf(out + 2 * i, "%02x", rand() & 0xff); /* FLAW: CWE-338 */
}

/* GOOD: CWE-338 */
int make_session_id_secure(char out[2 * SID_BYTES + 1])
{
    unsigned char raw[SID_BYTES];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return -1;
    for (int i = 0; i < SID_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return 0;
}
