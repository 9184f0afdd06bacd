// Report renderer of an analytics service.
#include <memory>
#include <stdexcept>
#include <string>

struct Canvas {
    int width, height;
};

void drawCharts(Canvas &c, const std::string &spec); // throws std::invalid_argument on a bad spec

// BAD: CWE-401
int render(const std::string &spec)
{
    Canvas *c = new Canvas{800, 600};
    if (spec.empty())
        return -1; // FLAW: CWE-401
    drawCharts(*c, spec);
    delete c;
    return 0;
}

// GOOD: CWE-401
int renderOwned(const std::string &spec)
{
    auto c = std::make_unique<Canvas>(Canvas{800, 600});
    if (spec.empty())
        return -1;
    drawCharts(*c, spec);
    return 0;
}
