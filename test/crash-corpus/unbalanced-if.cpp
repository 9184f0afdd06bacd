// #if blocks that split a function: tree-sitter sees unbalanced braces in each branch.
class Widget {
public:
    void run(char *p)
    {
#if USE_NEW_API
        if (p) {
            start(p);
#else
        if (p && check(p)) {
            legacy(p);
#endif
        }
        free(p);
        p->x = 1;
    }
#if 0
};
#endif
