// Message bus client: packs a topic name into a fixed-size wire header.
#include <cstdint>
#include <cstring>
#include <string>

namespace bus {

struct WireHeader {
    std::uint32_t magic;
    char topic[48];
    std::uint32_t payload_size;
};

// BAD: CWE-787
void pack_header(WireHeader &hdr, const std::string &topic, std::uint32_t size)
{
    hdr.magic = 0x42555331u;
    std::memcpy(hdr.topic, topic.data(), topic.size() + 1); // FLAW: CWE-787
    hdr.payload_size = size;
}

// GOOD: CWE-787
bool pack_header_checked(WireHeader &hdr, const std::string &topic, std::uint32_t size)
{
    if (topic.size() >= sizeof hdr.topic)
        return false;
    hdr.magic = 0x42555331u;
    std::memcpy(hdr.topic, topic.c_str(), topic.size() + 1);
    hdr.payload_size = size;
    return true;
}

// GOOD: CWE-787
void pack_header_truncating(WireHeader &hdr, const std::string &topic, std::uint32_t size)
{
    hdr.magic = 0x42555331u;
    const std::size_t n = topic.copy(hdr.topic, sizeof hdr.topic - 1);
    hdr.topic[n] = '\0';
    hdr.payload_size = size;
}

} // namespace bus
