// Subscription registry of a publish/subscribe broker.
#include <functional>
#include <map>
#include <mutex>
#include <string>

class Registry
{
public:
    bool subscribe(const std::string &topic, std::function<void()> cb);
    bool subscribeScoped(const std::string &topic, std::function<void()> cb);

private:
    std::mutex m_mu;
    std::multimap<std::string, std::function<void()>> m_subs;
    std::size_t m_limit = 1024;
};

// BAD: CWE-667
bool Registry::subscribe(const std::string &topic, std::function<void()> cb)
{
    m_mu.lock();
    if (m_subs.size() >= m_limit)
        return false; // FLAW: CWE-667
    m_subs.emplace(topic, std::move(cb));
    m_mu.unlock();
    return true;
}

// GOOD: CWE-667
bool Registry::subscribeScoped(const std::string &topic, std::function<void()> cb)
{
    std::unique_lock<std::mutex> lock(m_mu);
    if (m_subs.size() >= m_limit)
        return false;
    m_subs.emplace(topic, std::move(cb));
    lock.unlock();
    return true;
}
