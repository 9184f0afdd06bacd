// Attachment handling of a Qt mail client.
#include <QByteArray>
#include <QVector>
#include <cstring>
#include <vector>

// BAD: CWE-197
char *attachmentCopy(const std::vector<char> &data)
{
    const int n = data.size(); // FLAW: CWE-197
    char *out = new char[n];
    std::memcpy(out, data.data(), data.size());
    return out;
}

// GOOD: CWE-197
char *attachmentCopySized(const std::vector<char> &data)
{
    const std::size_t n = data.size();
    char *out = new char[n ? n : 1];
    std::memcpy(out, data.data(), n);
    return out;
}

// GOOD: CWE-197
QByteArray attachmentBytes(const QVector<char> &data)
{
    return QByteArray(data.constData(), static_cast<int>(qMin<qsizetype>(data.size(), 1 << 20)));
}
