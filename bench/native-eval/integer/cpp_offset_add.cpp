// Reads slices of a memory-mapped archive.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

class Archive
{
public:
    explicit Archive(std::vector<std::uint8_t> bytes) : m_bytes(std::move(bytes)) {}
    bool read(std::uint32_t offset, std::uint32_t length, std::uint8_t *out) const;
    bool readChecked(std::uint32_t offset, std::uint32_t length, std::uint8_t *out) const;

private:
    std::vector<std::uint8_t> m_bytes;
};

// BAD: CWE-190
bool Archive::read(std::uint32_t offset, std::uint32_t length, std::uint8_t *out) const
{
    if (offset + length > m_bytes.size()) // FLAW: CWE-190
        return false;
    std::memcpy(out, m_bytes.data() + offset, length);
    return true;
}

// GOOD: CWE-190
bool Archive::readChecked(std::uint32_t offset, std::uint32_t length, std::uint8_t *out) const
{
    if (offset > m_bytes.size() || length > m_bytes.size() - offset)
        return false;
    std::memcpy(out, m_bytes.data() + offset, length);
    return true;
}
