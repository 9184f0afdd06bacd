// Privilege separation of a monitoring agent.
#include <stdexcept>
#include <sys/types.h>
#include <unistd.h>

class ServiceUser
{
public:
    ServiceUser(uid_t uid, gid_t gid) : m_uid(uid), m_gid(gid) {}
    void become();
    void becomeChecked();

private:
    uid_t m_uid;
    gid_t m_gid;
};

// BAD: CWE-252
void ServiceUser::become()
{
    ::setgid(m_gid); // FLAW: CWE-252
    ::setuid(m_uid); // FLAW: CWE-252
}

// GOOD: CWE-252
void ServiceUser::becomeChecked()
{
    if (::setgid(m_gid) != 0)
        throw std::runtime_error("setgid failed");
    if (::setuid(m_uid) != 0)
        throw std::runtime_error("setuid failed");
}
