/* Option parser of a DHCP client. */
#include <stdint.h>
#include <string.h>

struct lease {
    uint32_t router, dns, lease_time;
    int has_dns;
};

/* BAD: CWE-484 */
void apply_option(struct lease *l, uint8_t code, const uint8_t *v)
{
    switch (code) {
    case 3:
        memcpy(&l->router, v, 4);
        break;
    case 6: /* FLAW: CWE-484 */
        memcpy(&l->dns, v, 4);
        l->has_dns = 1; /* FLAW: CWE-484 */
    case 51:
        memcpy(&l->lease_time, v, 4); /* FLAW: CWE-484 */
        break;
    default:
        break;
    }
}

/* GOOD: CWE-484 */
void apply_option_fixed(struct lease *l, uint8_t code, const uint8_t *v)
{
    switch (code) {
    case 3:
        memcpy(&l->router, v, 4);
        break;
    case 6:
        memcpy(&l->dns, v, 4);
        l->has_dns = 1;
        break;
    case 51:
        memcpy(&l->lease_time, v, 4);
        break;
    default:
        break;
    }
}
