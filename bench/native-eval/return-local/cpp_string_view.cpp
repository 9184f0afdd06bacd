// Path helpers of a build system.
#include <string>
#include <string_view>

// BAD: CWE-562
std::string_view extensionOf(const std::string &path)
{
    std::string lower;
    for (char c : path)
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    const auto dot = lower.rfind('.');
    return std::string_view(lower).substr(dot == std::string::npos ? lower.size() : dot); // FLAW: CWE-562
}

// GOOD: CWE-562
std::string_view extensionView(std::string_view path)
{
    const auto dot = path.rfind('.');
    return path.substr(dot == std::string_view::npos ? path.size() : dot);
}

// GOOD: CWE-562
std::string extensionCopy(const std::string &path)
{
    const auto dot = path.rfind('.');
    return dot == std::string::npos ? std::string() : path.substr(dot);
}
