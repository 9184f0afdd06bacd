// Document model of an editor: closing a tab deletes its document.
#include <string>
#include <iostream>

class Document
{
public:
    explicit Document(std::string title) : m_title(std::move(title)) {}
    const std::string &title() const { return m_title; }
    bool modified() const { return m_modified; }

private:
    std::string m_title;
    bool m_modified = false;
};

// BAD: CWE-416
void closeTab(Document *doc)
{
    delete doc;
    std::cout << "closed " << doc->title() << '\n'; // FLAW: CWE-416
}

// GOOD: CWE-416
void closeTabLogged(Document *doc)
{
    const std::string title = doc->title();
    delete doc;
    std::cout << "closed " << title << '\n';
}

// BAD: CWE-416
bool closeIfClean(Document *doc)
{
    if (!doc->modified())
        delete doc;
    return doc->modified(); // FLAW: CWE-416
}

// GOOD: CWE-416
bool closeIfCleanFixed(Document *doc)
{
    if (!doc->modified()) {
        delete doc;
        return false;
    }
    return true;
}
