// Cache pruning in a package manager.
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <cerrno>

// BAD: CWE-367
bool pruneEntry(const std::string &path)
{
    if (access(path.c_str(), F_OK) == 0) // FLAW: CWE-367
        return std::remove(path.c_str()) == 0; // FLAW: CWE-367
    return false;
}

// GOOD: CWE-367
bool pruneEntryFixed(const std::string &path)
{
    if (unlink(path.c_str()) == 0)
        return true;
    return errno == ENOENT;
}
