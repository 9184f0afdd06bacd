// Thumbnail cache shared between the GUI thread and loader threads.
#include <QHash>
#include <QImage>
#include <QMutex>
#include <QMutexLocker>
#include <QString>

class ThumbnailCache
{
public:
    QImage take(const QString &key);
    QImage takeLocked(const QString &key);
    void insert(const QString &key, const QImage &img);

private:
    QMutex m_mutex;
    QHash<QString, QImage> m_images;
};

// BAD: CWE-764
QImage ThumbnailCache::take(const QString &key)
{
    m_mutex.lock();
    if (!m_images.contains(key))
        return QImage(); // FLAW: CWE-764
    QImage img = m_images.take(key);
    m_mutex.unlock();
    return img;
}

// GOOD: CWE-764
QImage ThumbnailCache::takeLocked(const QString &key)
{
    QMutexLocker locker(&m_mutex);
    if (!m_images.contains(key))
        return QImage();
    return m_images.take(key);
}

// GOOD: CWE-764
void ThumbnailCache::insert(const QString &key, const QImage &img)
{
    m_mutex.lock();
    m_images.insert(key, img);
    m_mutex.unlock();
}
