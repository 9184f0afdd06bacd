// Builds command-line tokens for an external tool (no shell involved).
#include <string>
#include <vector>
#include <cstdio>

static std::string quoteArg(const std::string &s)
{
    return "'" + s + "'";
}

// BAD: CWE-416
const char *firstArgument(const std::vector<std::string> &args)
{
    const char *p = quoteArg(args.at(0)).c_str(); // FLAW: CWE-416
    std::puts(p); // FLAW: CWE-416
    return nullptr;
}

// GOOD: CWE-416
void printFirstArgument(const std::vector<std::string> &args)
{
    const std::string quoted = quoteArg(args.at(0));
    std::puts(quoted.c_str());
}
