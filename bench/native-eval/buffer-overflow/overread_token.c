/* Session token handling of a single sign-on module. */
#include <stdint.h>
#include <string.h>

#define TOKEN_BYTES 16

struct session {
    uint8_t token[TOKEN_BYTES];
    uint32_t user;
};

/* BAD: CWE-126 */
void session_set_token(struct session *s, const char *hex_or_raw)
{
    /* the caller may pass a short string: this reads past its end */
    memcpy(s->token, hex_or_raw, TOKEN_BYTES); /* FLAW: CWE-126 */
}

/* GOOD: CWE-126 */
int session_set_token_checked(struct session *s, const char *raw, size_t raw_len)
{
    if (raw_len != TOKEN_BYTES)
        return -1;
    memcpy(s->token, raw, TOKEN_BYTES);
    return 0;
}

/* BAD: CWE-125 */
uint8_t token_byte(const struct session *s, int i)
{
    if (i > TOKEN_BYTES)
        return 0;
    return s->token[i]; /* FLAW: CWE-125 */
}

/* GOOD: CWE-125 */
uint8_t token_byte_checked(const struct session *s, int i)
{
    if (i < 0 || i >= TOKEN_BYTES)
        return 0;
    return s->token[i];
}
