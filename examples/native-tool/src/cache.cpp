// A small C++ cache with deliberate lifetime defects, for secreview's C++ review. Do not use it.
#include <QMutex>
#include <cstring>

using Slot = char *;

class Cache {
public:
    explicit Cache(int n) : m_slots(new Slot[n]), m_size(n) {
        for (int i = 0; i < n; i++)
            m_slots[i] = nullptr;
    }

    // Memory from new[] released with delete.
    ~Cache() { delete m_slots; }

    bool put(int i, const char *value) {
        m_mutex.lock();
        if (i < 0 || i >= m_size) {
            m_mutex.unlock();
            return false;
        }
        const std::size_t len = std::strlen(value);
        char *copy = new char[len + 1];
        std::memcpy(copy, value, len + 1);
        delete[] m_slots[i];
        m_slots[i] = copy;
        m_mutex.unlock();
        return true;
    }

    // Double delete when the slot was already evicted.
    void evict(int i, bool hard) {
        char *old = m_slots[i];
        if (hard)
            delete[] old;
        delete[] old;
        m_slots[i] = nullptr;
    }

private:
    QMutex m_mutex;
    Slot *m_slots;
    int m_size;
};
