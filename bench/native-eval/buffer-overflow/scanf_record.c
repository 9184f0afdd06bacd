/* Reads inventory records ("sku name qty") from a text file. */
#include <stdio.h>

struct item {
    char sku[16];
    char name[48];
    int qty;
};

/* BAD: CWE-120 */
int read_item_unbounded(FILE *in, struct item *it)
{
    if (fscanf(in, "%s %s %d", it->sku, it->name, &it->qty) != 3) /* FLAW: CWE-120 */
        return -1;
    return 0;
}

/* BAD: CWE-120 */
int parse_item_line(const char *line, struct item *it)
{
    return sscanf(line, "%s %47s %d", it->sku, it->name, &it->qty) == 3 ? 0 : -1; /* FLAW: CWE-120 */
}

/* GOOD: CWE-120 */
int read_item(FILE *in, struct item *it)
{
    if (fscanf(in, "%15s %47s %d", it->sku, it->name, &it->qty) != 3)
        return -1;
    return 0;
}

/* GOOD: CWE-120 */
int parse_qty(const char *line, int *qty)
{
    char unit[8];
    return sscanf(line, "%d %7s", qty, unit) == 2 ? 0 : -1;
}
