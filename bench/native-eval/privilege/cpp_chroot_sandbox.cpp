// Sandbox for untrusted archive extraction.
#include <stdexcept>
#include <string>
#include <unistd.h>

// BAD: CWE-243
void enterSandbox(const std::string &root)
{
    if (chroot(root.c_str()) != 0) // FLAW: CWE-243
        throw std::runtime_error("chroot failed");
}

// GOOD: CWE-243
void enterSandboxFixed(const std::string &root)
{
    if (chroot(root.c_str()) != 0 || chdir("/") != 0)
        throw std::runtime_error("cannot enter sandbox");
}
