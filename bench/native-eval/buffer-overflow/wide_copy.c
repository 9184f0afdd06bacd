/* Windows-style wide string helpers in a portable file-dialog library. */
#include <wchar.h>
#include <stddef.h>

#define TITLE_CHARS 40

struct dialog {
    wchar_t title[TITLE_CHARS];
    int modal;
};

/* BAD: CWE-120 */
void dialog_set_title(struct dialog *d, const wchar_t *title)
{
    wcscpy(d->title, title); /* FLAW: CWE-120 */
}

/* GOOD: CWE-120 */
void dialog_set_title_bounded(struct dialog *d, const wchar_t *title)
{
    wcsncpy(d->title, title, TITLE_CHARS - 1);
    d->title[TITLE_CHARS - 1] = L'\0';
}

/* GOOD: CWE-120 */
void dialog_default_title(struct dialog *d)
{
    swprintf(d->title, TITLE_CHARS, L"%ls", L"Open file");
}
