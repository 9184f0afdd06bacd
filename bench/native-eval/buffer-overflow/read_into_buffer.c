/* Reads a firmware header from a device file. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define HEADER_SIZE 64

struct fw_header {
    char magic[8];
    char version[24];
};

/* BAD: CWE-121 */
int read_version(int fd, struct fw_header *hdr)
{
    char raw[HEADER_SIZE];
    ssize_t n = read(fd, raw, HEADER_SIZE * 2); /* FLAW: CWE-121 */
    if (n < (ssize_t)sizeof(hdr->magic))
        return -1;
    memcpy(hdr->magic, raw, sizeof hdr->magic);
    memcpy(hdr->version, raw + 8, sizeof hdr->version);
    return 0;
}

/* GOOD: CWE-121 */
int read_version_sized(int fd, struct fw_header *hdr)
{
    char raw[HEADER_SIZE];
    ssize_t n = read(fd, raw, sizeof raw);
    if (n < 8 + (ssize_t)sizeof hdr->version)
        return -1;
    memcpy(hdr->magic, raw, sizeof hdr->magic);
    memcpy(hdr->version, raw + 8, sizeof hdr->version);
    return 0;
}
