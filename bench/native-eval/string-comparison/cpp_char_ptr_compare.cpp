// Environment handling of a build tool.
#include <cstdlib>
#include <cstring>
#include <string>

// BAD: CWE-597
bool isReleaseBuild()
{
    const char *mode = std::getenv("BUILD_MODE");
    return mode != nullptr && mode == "release"; // FLAW: CWE-597
}

// GOOD: CWE-597
bool isReleaseBuildFixed()
{
    const char *mode = std::getenv("BUILD_MODE");
    return mode != nullptr && std::strcmp(mode, "release") == 0;
}

// GOOD: CWE-597
bool isReleaseString(const std::string &mode)
{
    return mode == "release";
}
