// Settings lookup of a desktop application.
#include <map>
#include <string>

class Settings
{
public:
    const std::string &value(const std::string &key) const;
    const std::string &valueOr(const std::string &key, const std::string &fallback) const;
    std::string valueCopy(const std::string &key) const;

private:
    std::map<std::string, std::string> m_values;
};

// BAD: CWE-562
const std::string &Settings::value(const std::string &key) const
{
    auto it = m_values.find(key);
    std::string empty;
    if (it == m_values.end())
        return empty; // FLAW: CWE-562
    return it->second;
}

// GOOD: CWE-562
const std::string &Settings::valueOr(const std::string &key, const std::string &fallback) const
{
    auto it = m_values.find(key);
    if (it == m_values.end())
        return fallback;
    return it->second;
}

// GOOD: CWE-562
std::string Settings::valueCopy(const std::string &key) const
{
    auto it = m_values.find(key);
    std::string empty;
    if (it == m_values.end())
        return empty;
    return it->second;
}
