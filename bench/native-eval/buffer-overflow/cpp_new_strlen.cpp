// Keeps a copy of the client's user agent in a legacy request object.
#include <cstring>
#include <string>

class Request
{
public:
    void setUserAgent(const char *ua);
    void setUserAgentSized(const char *ua);
    ~Request() { delete[] m_userAgent; }

private:
    char *m_userAgent = nullptr;
    std::string m_agent;
};

// BAD: CWE-131
void Request::setUserAgent(const char *ua)
{
    delete[] m_userAgent;
    m_userAgent = new char[std::strlen(ua)]; // FLAW: CWE-131
    std::strcpy(m_userAgent, ua); // FLAW: CWE-122
}

// GOOD: CWE-131
void Request::setUserAgentSized(const char *ua)
{
    delete[] m_userAgent;
    const std::size_t n = std::strlen(ua) + 1;
    m_userAgent = new char[n];
    std::memcpy(m_userAgent, ua, n);
}
