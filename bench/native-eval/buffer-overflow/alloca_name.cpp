// Plugin loader of a media framework: resolves "name" to "libname.so".
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <dlfcn.h>

class PluginLoader
{
public:
    void *load(const char *name);
    void *loadChecked(const char *name);
    void *loadVector(const std::string &name);
};

// BAD: CWE-121
void *PluginLoader::load(const char *name)
{
    char soname[64];
    std::sprintf(soname, "lib%s.so", name); // FLAW: CWE-121
    return dlopen(soname, RTLD_NOW | RTLD_LOCAL);
}

// GOOD: CWE-121
void *PluginLoader::loadChecked(const char *name)
{
    char soname[64];
    const int n = std::snprintf(soname, sizeof soname, "lib%s.so", name);
    if (n < 0 || static_cast<std::size_t>(n) >= sizeof soname)
        return nullptr;
    return dlopen(soname, RTLD_NOW | RTLD_LOCAL);
}

// GOOD: CWE-121
void *PluginLoader::loadVector(const std::string &name)
{
    std::vector<char> soname(name.size() + 7);
    std::snprintf(soname.data(), soname.size(), "lib%s.so", name.c_str());
    return dlopen(soname.data(), RTLD_NOW | RTLD_LOCAL);
}
