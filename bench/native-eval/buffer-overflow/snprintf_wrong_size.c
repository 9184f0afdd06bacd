/* Formats MQTT client identifiers. */
#include <stdio.h>
#include <string.h>

#define CLIENT_ID_LEN 24

struct mqtt_client {
    char id[CLIENT_ID_LEN];
    unsigned short keepalive;
};

/* BAD: CWE-805 */
void mqtt_make_id(struct mqtt_client *c, const char *host, unsigned pid)
{
    snprintf(c->id, 128, "%s-%u", host, pid); /* FLAW: CWE-805 */
}

/* GOOD: CWE-805 */
void mqtt_make_id_sized(struct mqtt_client *c, const char *host, unsigned pid)
{
    snprintf(c->id, sizeof c->id, "%s-%u", host, pid);
}

/* GOOD: CWE-805 */
void mqtt_make_id_const(struct mqtt_client *c, const char *host, unsigned pid)
{
    snprintf(c->id, CLIENT_ID_LEN, "%s-%u", host, pid);
}
