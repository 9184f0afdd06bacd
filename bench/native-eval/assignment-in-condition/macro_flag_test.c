/* Feature flags of a storage daemon. */
#define FLAG_COMPRESS 0x1
#define FLAG_ENCRYPT 0x2

struct volume {
    unsigned flags;
    int level;
};

/* BAD: CWE-481 */
int volume_encrypted(const struct volume *v, unsigned *mask)
{
    if (*mask = v->flags & FLAG_ENCRYPT) /* FLAW: CWE-481 */
        return 1;
    return 0;
}

/* GOOD: CWE-481 */
int volume_encrypted_fixed(const struct volume *v, unsigned *mask)
{
    *mask = v->flags & FLAG_ENCRYPT;
    if (*mask != 0)
        return 1;
    return 0;
}

/* GOOD: CWE-481 */
int volume_level(const struct volume *v)
{
    int level;
    while ((level = v->level) > 9)
        return 9;
    return level;
}
