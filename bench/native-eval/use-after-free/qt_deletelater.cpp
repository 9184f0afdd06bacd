// Download manager of a Qt application.
#include <QObject>
#include <QString>
#include <QDebug>

class Download : public QObject
{
public:
    QString url;
    qint64 received = 0;
};

class Manager
{
public:
    void finished(Download *d);
    void finishedLater(Download *d);
};

// BAD: CWE-416
void Manager::finished(Download *d)
{
    delete d;
    qDebug() << "finished" << d->url << d->received; // FLAW: CWE-416
}

// GOOD: CWE-416
void Manager::finishedLater(Download *d)
{
    d->deleteLater(); // freed by the event loop after this slot returns
    qDebug() << "finished" << d->url << d->received;
}
