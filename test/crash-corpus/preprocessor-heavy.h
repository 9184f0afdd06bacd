/* A header that is mostly preprocessor: guards, conditional declarations, C++ guards. */
#ifndef PREPROCESSOR_HEAVY_H
#define PREPROCESSOR_HEAVY_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && !defined(__MINGW32__)
#  define API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define API __attribute__((visibility("default")))
#else
#  define API
#endif

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

API int api_open(const char *path
#if HAVE_FLAGS
    , int flags
#endif
);

static inline int api_first(const char *s) {
#if CHECKED
    if (!s) return -1;
#endif
    return LIKELY(s[0]) ? s[0] : 0;
}

#ifdef __cplusplus
}
#endif
#endif /* PREPROCESSOR_HEAVY_H */
