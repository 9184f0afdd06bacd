// Client for an internal metrics API.
#include <string>

struct ApiConfig {
    std::string endpoint = "https://metrics.internal/v1";
    std::string token;
};

// BAD: CWE-798
ApiConfig defaultConfig()
{
    ApiConfig cfg;
    cfg.token = "mtk_live_5f0c9a3e1b7d42c6a8e9"; // FLAW: CWE-798
    return cfg;
}

// GOOD: CWE-798
ApiConfig configFromEnvironment(const char *token)
{
    ApiConfig cfg;
    if (token != nullptr)
        cfg.token = token;
    return cfg;
}

// GOOD: CWE-798
bool tokenLooksValid(const std::string &token)
{
    const std::string prefix = "mtk_live_";
    return token.compare(0, prefix.size(), prefix) == 0 && token.size() > prefix.size() + 8;
}
