// Wraps a C library that returns malloc()ed strings.
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" char *vendor_describe(int code); // returns memory from malloc()

// BAD: CWE-762
std::string describe(int code)
{
    char *text = vendor_describe(code);
    std::string out = text ? text : "unknown";
    delete text; // FLAW: CWE-762
    return out;
}

// GOOD: CWE-762
std::string describeFixed(int code)
{
    char *text = vendor_describe(code);
    std::string out = text ? text : "unknown";
    std::free(text);
    return out;
}

// BAD: CWE-762
void scratch()
{
    char *buf = new char[256];
    std::strcpy(buf, "scratch");
    std::free(buf); // FLAW: CWE-762
}

// GOOD: CWE-762
void scratchFixed()
{
    char *buf = new char[256];
    std::strcpy(buf, "scratch");
    delete[] buf;
}
