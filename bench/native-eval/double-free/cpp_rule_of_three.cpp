// Pixel buffer of an image-processing library.
#include <cstddef>
#include <cstring>

class Bitmap
{
public:
    explicit Bitmap(std::size_t n) : m_data(new unsigned char[n]), m_size(n) {}
    ~Bitmap() { delete[] m_data; }
    unsigned char *data() { return m_data; }

private:
    unsigned char *m_data;
    std::size_t m_size;
};

class SafeBitmap
{
public:
    explicit SafeBitmap(std::size_t n) : m_data(new unsigned char[n]), m_size(n) {}
    SafeBitmap(const SafeBitmap &) = delete;
    SafeBitmap &operator=(const SafeBitmap &) = delete;
    ~SafeBitmap() { delete[] m_data; }
    unsigned char *data() { return m_data; }

private:
    unsigned char *m_data;
    std::size_t m_size;
};

// BAD: CWE-415
void invert(Bitmap source)
{
    Bitmap copy = source; // FLAW: CWE-415
    copy.data()[0] = static_cast<unsigned char>(~copy.data()[0]);
}

// GOOD: CWE-415
void invertSafe(SafeBitmap &source)
{
    source.data()[0] = static_cast<unsigned char>(~source.data()[0]);
}
