// Widget tree of a UI toolkit.
#include <string>

class Widget
{
public:
    virtual ~Widget() = default;
};

class Button : public Widget
{
public:
    std::string label;
};

// BAD: CWE-476
std::string buttonLabel(Widget *w)
{
    Button *b = dynamic_cast<Button *>(w);
    return b->label; // FLAW: CWE-476
}

// GOOD: CWE-476
std::string buttonLabelChecked(Widget *w)
{
    if (auto *b = dynamic_cast<Button *>(w))
        return b->label;
    return std::string();
}
