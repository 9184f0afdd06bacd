/* Determines the shell to run in a terminal emulator. */
#include <stdlib.h>
#include <string.h>

/* BAD: CWE-476 */
int shell_is_bash(void)
{
    const char *shell = getenv("SHELL");
    size_t n = strlen(shell); /* FLAW: CWE-476 */
    return n >= 4 && strcmp(shell + n - 4, "bash") == 0;
}

/* GOOD: CWE-476 */
int shell_is_bash_fixed(void)
{
    const char *shell = getenv("SHELL");
    size_t n;
    if (shell == NULL)
        return 0;
    n = strlen(shell);
    return n >= 4 && strcmp(shell + n - 4, "bash") == 0;
}
