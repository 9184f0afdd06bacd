/* Network helpers: formats an IPv4 address for log messages. */
#include <stdio.h>
#include <stdint.h>

/* BAD: CWE-562 */
const char *ip_to_string(uint32_t addr)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", (addr >> 24) & 255, (addr >> 16) & 255,
             (addr >> 8) & 255, addr & 255);
    return buf; /* FLAW: CWE-562 */
}

/* GOOD: CWE-562 */
const char *ip_to_string_static(uint32_t addr)
{
    static char buf[16];
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", (addr >> 24) & 255, (addr >> 16) & 255,
             (addr >> 8) & 255, addr & 255);
    return buf;
}

/* GOOD: CWE-562 */
char *ip_to_string_r(uint32_t addr, char *buf, size_t len)
{
    snprintf(buf, len, "%u.%u.%u.%u", (addr >> 24) & 255, (addr >> 16) & 255, (addr >> 8) & 255,
             addr & 255);
    return buf;
}
