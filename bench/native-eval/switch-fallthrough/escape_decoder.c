/* Decodes backslash escapes in a configuration string. */

/* GOOD: CWE-484 */
char decode_escape(char c)
{
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case '\\':
        return '\\';
    default:
        return c;
    }
}

/* BAD: CWE-484 */
int escape_width(char c)
{
    int width = 1;
    switch (c) {
    case 'x': /* FLAW: CWE-484 */
        width = 3; /* FLAW: CWE-484 */
    case 'u':
        width = 5; /* FLAW: CWE-484 */
        break;
    default:
        break;
    }
    return width;
}
