// Plugin registry of an audio host.
#include <map>
#include <memory>
#include <string>

class Plugin
{
public:
    explicit Plugin(std::string id) : m_id(std::move(id)) {}
    bool init() { return !m_id.empty(); }
    const std::string &id() const { return m_id; }

private:
    std::string m_id;
};

class Registry
{
public:
    bool add(const std::string &id);
    bool addOwned(const std::string &id);

private:
    std::map<std::string, Plugin *> m_raw;
    std::map<std::string, std::unique_ptr<Plugin>> m_owned;
};

// BAD: CWE-401
bool Registry::add(const std::string &id)
{
    Plugin *p = new Plugin(id);
    if (!p->init())
        return false; // FLAW: CWE-401
    m_raw[id] = p;
    return true;
}

// GOOD: CWE-401
bool Registry::addOwned(const std::string &id)
{
    auto p = std::make_unique<Plugin>(id);
    if (!p->init())
        return false;
    m_owned[id] = std::move(p);
    return true;
}
