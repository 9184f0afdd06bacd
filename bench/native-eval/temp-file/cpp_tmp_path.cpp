// Unpacks downloaded updates before verifying them.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

// BAD: CWE-377
std::string stagingFile(const std::string &name)
{
    const std::string path = "/tmp/update-" + name;
    std::FILE *fp = std::fopen(path.c_str(), "wb"); // FLAW: CWE-377
    if (!fp)
        return std::string();
    std::fclose(fp);
    return path;
}

// GOOD: CWE-377
std::string stagingFileFixed()
{
    char path[] = "/tmp/update-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0)
        return std::string();
    close(fd);
    return path;
}
