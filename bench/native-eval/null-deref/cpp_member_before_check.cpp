// Tree view model of a file manager.
#include <string>
#include <vector>

struct Item {
    std::string name;
    Item *parent = nullptr;
    std::vector<Item *> children;
};

// BAD: CWE-476
int depthOf(const Item *item)
{
    int depth = item->parent ? 1 : 0; // FLAW: CWE-476
    if (!item)
        return -1;
    for (const Item *p = item->parent; p != nullptr; p = p->parent)
        ++depth;
    return depth - 1;
}

// GOOD: CWE-476
int depthOfFixed(const Item *item)
{
    if (!item)
        return -1;
    int depth = 0;
    for (const Item *p = item->parent; p != nullptr; p = p->parent)
        ++depth;
    return depth;
}

// GOOD: CWE-476
std::string nameOf(const Item *item)
{
    return item != nullptr ? item->name : std::string();
}
