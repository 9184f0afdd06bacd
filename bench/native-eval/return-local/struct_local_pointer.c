/* Geometry helpers of a map renderer. */
struct point {
    double x, y;
};

struct rect {
    struct point min, max;
};

/* BAD: CWE-562 */
struct point *rect_center(const struct rect *r)
{
    struct point c;
    c.x = (r->min.x + r->max.x) / 2;
    c.y = (r->min.y + r->max.y) / 2;
    return &c; /* FLAW: CWE-562 */
}

/* GOOD: CWE-562 */
struct point rect_center_value(const struct rect *r)
{
    struct point c;
    c.x = (r->min.x + r->max.x) / 2;
    c.y = (r->min.y + r->max.y) / 2;
    return c;
}

/* BAD: CWE-562 */
double *rect_width_ptr(const struct rect *r)
{
    double w = r->max.x - r->min.x;
    double *p = &w;
    return p; /* FLAW: CWE-562 */
}
