// Toolbar construction of a Qt editor: children are owned by their parent.
#include <QAction>
#include <QObject>
#include <QString>
#include <QToolBar>
#include <QTimer>

// GOOD: CWE-401
void buildToolbar(QToolBar *bar)
{
    QAction *save = new QAction(QStringLiteral("Save"), bar); // owned by the toolbar
    bar->addAction(save);
}

// BAD: CWE-401
bool startAutosave(QObject *owner, int seconds)
{
    QTimer *timer = new QTimer();
    if (seconds <= 0)
        return false; // FLAW: CWE-401
    timer->setParent(owner);
    timer->start(seconds * 1000);
    return true;
}

// GOOD: CWE-401
bool startAutosaveFixed(QObject *owner, int seconds)
{
    if (seconds <= 0)
        return false;
    QTimer *timer = new QTimer(owner);
    timer->start(seconds * 1000);
    return true;
}
