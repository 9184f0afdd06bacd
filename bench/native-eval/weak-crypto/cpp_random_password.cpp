// Generates initial passwords for new accounts in an admin console.
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>

static const char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// BAD: CWE-338
std::string initialPassword()
{
    std::srand(static_cast<unsigned>(std::time(nullptr))); // FLAW: CWE-338
    std::string pw;
    for (int i = 0; i < 12; ++i)
        pw += kAlphabet[std::rand() % (sizeof kAlphabet - 1)]; // FLAW: CWE-338
    return pw;
}

// GOOD: CWE-338
std::string initialPasswordSecure()
{
    std::random_device rd; // reads the kernel's generator on Linux
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
    std::string pw;
    for (int i = 0; i < 16; ++i)
        pw += kAlphabet[pick(rd)];
    return pw;
}

// GOOD: CWE-338
int shuffleSeedForUi()
{
    std::mt19937 gen(42); // deterministic order of demo tiles
    return static_cast<int>(gen() % 8);
}
