// Audio ring buffer of a DSP plugin.
#include <cstddef>
#include <cstring>

class RingBuffer
{
public:
    explicit RingBuffer(std::size_t frames);
    ~RingBuffer();
    void resize(std::size_t frames);
    void resizeFixed(std::size_t frames);

private:
    float *m_data;
    std::size_t m_frames;
};

RingBuffer::RingBuffer(std::size_t frames) : m_data(new float[frames]()), m_frames(frames) {}

RingBuffer::~RingBuffer()
{
    delete[] m_data;
}

// BAD: CWE-762
void RingBuffer::resize(std::size_t frames)
{
    float *next = new float[frames]();
    std::memcpy(next, m_data, (frames < m_frames ? frames : m_frames) * sizeof(float));
    delete m_data; // FLAW: CWE-762
    m_data = next;
    m_frames = frames;
}

// GOOD: CWE-762
void RingBuffer::resizeFixed(std::size_t frames)
{
    float *next = new float[frames]();
    std::memcpy(next, m_data, (frames < m_frames ? frames : m_frames) * sizeof(float));
    delete[] m_data;
    m_data = next;
    m_frames = frames;
}
