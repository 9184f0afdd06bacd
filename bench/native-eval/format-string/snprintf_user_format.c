/* Renders the prompt of an embedded shell; the prompt template comes from a config file. */
#include <stdio.h>
#include <string.h>

struct shell_config {
    char prompt[64];
    char host[32];
};

/* BAD: CWE-134 */
void render_prompt(const struct shell_config *cfg, char *out, size_t outlen)
{
    snprintf(out, outlen, cfg->prompt); /* FLAW: CWE-134 */
}

/* GOOD: CWE-134 */
void render_prompt_safe(const struct shell_config *cfg, char *out, size_t outlen)
{
    snprintf(out, outlen, "%s@%s> ", cfg->prompt, cfg->host);
}

#define PROMPT_FMT "%s> "

/* GOOD: CWE-134 */
void render_prompt_macro(const struct shell_config *cfg, char *out, size_t outlen)
{
    snprintf(out, outlen, PROMPT_FMT, cfg->host);
}
