// Scene graph node ownership in a rendering engine.
#include <vector>

class Node
{
public:
    ~Node();
    void removeChild(Node *child);
    void removeChildFixed(Node *child);

private:
    std::vector<Node *> m_children;
};

Node::~Node()
{
    for (Node *c : m_children)
        delete c;
}

// BAD: CWE-415
void Node::removeChild(Node *child)
{
    for (auto it = m_children.begin(); it != m_children.end(); ++it) {
        if (*it == child) {
            delete child;
            break;
        }
    }
    delete child; // FLAW: CWE-415
}

// GOOD: CWE-415
void Node::removeChildFixed(Node *child)
{
    for (auto it = m_children.begin(); it != m_children.end(); ++it) {
        if (*it == child) {
            m_children.erase(it);
            delete child;
            return;
        }
    }
}
