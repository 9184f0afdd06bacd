/* Matrix helpers of a statistics module. */
#include <stdlib.h>
#include <string.h>

struct matrix {
    size_t rows, cols;
    double *cells;
};

/* BAD: CWE-690 */
void matrix_init(struct matrix *m, size_t rows, size_t cols)
{
    m->rows = rows;
    m->cols = cols;
    m->cells = calloc(rows * cols, sizeof(double));
    m->cells[0] = 1.0; /* FLAW: CWE-690 */
}

/* GOOD: CWE-690 */
int matrix_init_checked(struct matrix *m, size_t rows, size_t cols)
{
    m->rows = rows;
    m->cols = cols;
    m->cells = calloc(rows * cols, sizeof(double));
    if (m->cells == NULL)
        return -1;
    m->cells[0] = 1.0;
    return 0;
}

/* BAD: CWE-690 */
char *matrix_label(const char *name)
{
    char *label = malloc(strlen(name) + 8);
    strcpy(label, "matrix:"); /* FLAW: CWE-690 */
    strcat(label, name);
    return label;
}

/* GOOD: CWE-690 */
char *matrix_label_checked(const char *name)
{
    char *label = malloc(strlen(name) + 8);
    if (label == NULL)
        return NULL;
    strcpy(label, "matrix:");
    strcat(label, name);
    return label;
}
