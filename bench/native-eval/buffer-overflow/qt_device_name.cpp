// Serial-port panel of a Qt desktop application: keeps the port name in a fixed C buffer
// because the vendor SDK wants a char array.
#include <QByteArray>
#include <QString>
#include <cstring>

extern "C" int vendor_open_port(const char *name);

class PortPanel
{
public:
    explicit PortPanel(const QString &initial);
    int connectTo(const QString &port);
    int connectToChecked(const QString &port);
    int connectToDefault();

private:
    char m_port[16];
    int m_handle = -1;
};

PortPanel::PortPanel(const QString &initial)
{
    std::memset(m_port, 0, sizeof m_port);
    qstrncpy(m_port, initial.toLatin1().constData(), sizeof m_port);
}

// BAD: CWE-120
int PortPanel::connectTo(const QString &port)
{
    const QByteArray raw = port.toLocal8Bit();
    std::strcpy(m_port, raw.constData()); // FLAW: CWE-120
    m_handle = vendor_open_port(m_port);
    return m_handle;
}

// GOOD: CWE-120
int PortPanel::connectToChecked(const QString &port)
{
    const QByteArray raw = port.toLocal8Bit();
    if (raw.size() >= static_cast<int>(sizeof m_port))
        return -1;
    std::memcpy(m_port, raw.constData(), static_cast<size_t>(raw.size()) + 1);
    m_handle = vendor_open_port(m_port);
    return m_handle;
}

// GOOD: CWE-120
int PortPanel::connectToDefault()
{
    std::strcpy(m_port, "/dev/ttyS0");
    m_handle = vendor_open_port(m_port);
    return m_handle;
}
