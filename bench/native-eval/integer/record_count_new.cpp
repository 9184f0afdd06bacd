// Reads a table of fixed-size records from a save file.
#include <cstdint>
#include <cstring>
#include <istream>
#include <limits>
#include <memory>
#include <vector>

struct Record {
    std::uint32_t id;
    float values[6];
};

// BAD: CWE-190
Record *readRecords(std::istream &in, std::uint32_t &countOut)
{
    std::uint32_t count = 0;
    in.read(reinterpret_cast<char *>(&count), sizeof count);
    const std::uint32_t bytes = count * static_cast<std::uint32_t>(sizeof(Record)); // FLAW: CWE-190
    char *raw = new char[bytes];
    in.read(raw, static_cast<std::streamsize>(count) * static_cast<std::streamsize>(sizeof(Record)));
    countOut = count;
    return reinterpret_cast<Record *>(raw);
}

// GOOD: CWE-190
std::vector<Record> readRecordsChecked(std::istream &in)
{
    std::uint32_t count = 0;
    in.read(reinterpret_cast<char *>(&count), sizeof count);
    if (!in || count > 100000)
        return {};
    std::vector<Record> records(count);
    in.read(reinterpret_cast<char *>(records.data()),
            static_cast<std::streamsize>(records.size() * sizeof(Record)));
    return records;
}
