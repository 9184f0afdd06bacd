/* Reads the editor name from the environment with a default. */
#include <stdlib.h>
#include <string.h>

int spawn_editor(const char *editor, const char *file);

/* BAD: CWE-590 */
int open_in_editor(const char *file)
{
    char *editor;
    const char *env = getenv("VISUAL");
    int rc;
    if (env != NULL)
        editor = strdup(env);
    else
        editor = "vi";
    if (editor == NULL)
        return -1;
    rc = spawn_editor(editor, file);
    free(editor); /* FLAW: CWE-590 */
    return rc;
}

/* GOOD: CWE-590 */
int open_in_editor_fixed(const char *file)
{
    const char *env = getenv("VISUAL");
    char *editor = strdup(env != NULL ? env : "vi");
    int rc;
    if (editor == NULL)
        return -1;
    rc = spawn_editor(editor, file);
    free(editor);
    return rc;
}
