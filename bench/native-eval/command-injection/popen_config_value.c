/* Backup agent: runs the "pre-backup" command named in its configuration file. */
#include <stdio.h>
#include <string.h>

static int read_config_value(const char *path, const char *key, char *out, size_t len)
{
    char line[256];
    size_t klen = strlen(key);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return -1;
    while (fgets(line, sizeof line, fp) != NULL) {
        if (strncmp(line, key, klen) == 0 && line[klen] == '=') {
            snprintf(out, len, "%s", line + klen + 1);
            out[strcspn(out, "\n")] = '\0';
            fclose(fp);
            return 0;
        }
    }
    fclose(fp);
    return -1;
}

/* BAD: CWE-78 */
int run_pre_backup(const char *config)
{
    char cmd[256];
    FILE *p;
    if (read_config_value(config, "pre_backup", cmd, sizeof cmd) != 0)
        return 0;
    p = popen(cmd, "r"); /* FLAW: CWE-78 */
    if (p == NULL)
        return -1;
    return pclose(p);
}

/* GOOD: CWE-78 */
int run_sync(void)
{
    FILE *p = popen("sync", "r");
    if (p == NULL)
        return -1;
    return pclose(p);
}
