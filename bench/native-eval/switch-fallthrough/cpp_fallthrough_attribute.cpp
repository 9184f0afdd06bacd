// Keyboard shortcut handling of a text editor.
enum class Key { Escape, Enter, Tab, Other };

class Editor
{
public:
    void handle(Key k);
    void handleFixed(Key k);

private:
    void cancel() { m_mode = 0; }
    void commit() { m_commits++; }
    void indent() { m_indent++; }
    int m_mode = 1;
    int m_commits = 0;
    int m_indent = 0;
};

// BAD: CWE-484
void Editor::handle(Key k)
{
    switch (k) {
    case Key::Escape: // FLAW: CWE-484
        cancel(); // FLAW: CWE-484
    case Key::Enter:
        commit(); // FLAW: CWE-484
        break;
    case Key::Tab:
        indent();
        break;
    case Key::Other:
        break;
    }
}

// GOOD: CWE-484
void Editor::handleFixed(Key k)
{
    switch (k) {
    case Key::Enter:
        commit();
        [[fallthrough]];
    case Key::Escape:
        cancel();
        break;
    case Key::Tab:
        indent();
        break;
    case Key::Other:
        break;
    }
}
