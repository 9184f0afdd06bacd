// Connection watchdog of a telemetry uploader.
class Watchdog
{
public:
    bool expired(long now);
    bool expiredFixed(long now);
    bool poll(long now);

private:
    long m_deadline = 0;
    bool m_armed = false;
};

// BAD: CWE-481
bool Watchdog::expired(long now)
{
    if (m_armed = true) // FLAW: CWE-481
        return now > m_deadline;
    return false;
}

// GOOD: CWE-481
bool Watchdog::expiredFixed(long now)
{
    if (m_armed == true)
        return now > m_deadline;
    return false;
}

// GOOD: CWE-481
bool Watchdog::poll(long now)
{
    if (bool late = now > m_deadline)
        return late && m_armed;
    return false;
}
