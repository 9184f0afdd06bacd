// Plugin lookup of a text editor.
#include <map>
#include <string>

struct Plugin {
    std::string name;
    int version;
};

enum Status { StatusOk, StatusFailed };

static std::map<std::string, Plugin> g_plugins;

static Plugin *lookup(const std::string &name)
{
    auto it = g_plugins.find(name);
    return it == g_plugins.end() ? nullptr : &it->second;
}

// GOOD: CWE-481
int versionOf(const std::string &name)
{
    Plugin *p;
    if ((p = lookup(name)) != nullptr)
        return p->version;
    return -1;
}

// BAD: CWE-481
bool loaded(Status status)
{
    if (status = StatusOk) // FLAW: CWE-481
        return true;
    return false;
}
