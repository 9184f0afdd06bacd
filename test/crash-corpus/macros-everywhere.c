/* Macros that hide syntax: the parser recovers, the rules must not crash or invent findings. */
#define BEGIN {
#define END }
#define FOREACH(i, n) for (int i = 0; i < (n); i++)
#define SAFE_FREE(p) do { free(p); (p) = NULL; } while (0)
#define CALL(f, ...) f(__VA_ARGS__)
#define STR(x) #x
#define CAT(a, b) a##b

static int CAT(handler_, 1)(int x) BEGIN
    char *buf = malloc(x);
    FOREACH(i, x) BEGIN
        buf[i] = STR(i)[0];
    END
    SAFE_FREE(buf);
    CALL(printf, "%d\n", x);
    return x;
END

#ifdef WINDOWS
int f(int a) {
#else
int f(int a, int b) {
#endif
    return a;
}

#if 0
this is not C at all { { {
#endif
