// Order book of a trading simulator.
#include <map>
#include <mutex>
#include <stdexcept>

class OrderBook
{
public:
    bool cancel(long id);
    bool cancelGuarded(long id);

private:
    std::mutex m_mutex;
    std::map<long, double> m_orders;
};

// BAD: CWE-764
bool OrderBook::cancel(long id)
{
    m_mutex.lock();
    auto it = m_orders.find(id);
    if (it == m_orders.end())
        return false; // FLAW: CWE-764
    m_orders.erase(it);
    m_mutex.unlock();
    return true;
}

// GOOD: CWE-764
bool OrderBook::cancelGuarded(long id)
{
    std::lock_guard<std::mutex> guard(m_mutex);
    auto it = m_orders.find(id);
    if (it == m_orders.end())
        return false;
    m_orders.erase(it);
    return true;
}
