#include "recentfiles.h"

#include <QDir>
#include <QMenu>
#include <QSettings>

RecentFiles::RecentFiles(QString settingsKey, QObject* parent, int maxCount)
    : QObject(parent)
    , m_key(std::move(settingsKey))
    , m_max(maxCount)
{
}

QStringList RecentFiles::files() const
{
    return QSettings().value(m_key).toStringList();
}

void RecentFiles::add(const QString& path)
{
    if (path.isEmpty() || path.startsWith(u':'))
        return;
    QStringList list = files();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > m_max)
        list.removeLast();
    save(list);
}

void RecentFiles::remove(const QString& path)
{
    QStringList list = files();
    if (list.removeAll(path) > 0)
        save(list);
}

void RecentFiles::clear()
{
    save({});
}

void RecentFiles::attach(QMenu* menu)
{
    populate(menu);
    connect(this, &RecentFiles::changed, menu, [this, menu] { populate(menu); });
}

void RecentFiles::populate(QMenu* menu)
{
    menu->clear();
    const QStringList list = files();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = list.at(i);
        const QString text = i < 9 ? u"&%1  %2"_qs.arg(i + 1).arg(QDir::toNativeSeparators(path))
                                   : QDir::toNativeSeparators(path);
        QAction* action = menu->addAction(text, this, [this, path] { Q_EMIT triggered(path); });
        action->setToolTip(path);
    }
    if (list.isEmpty())
        menu->addAction(tr("No recent items"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("Clear list"), this, &RecentFiles::clear)->setEnabled(!list.isEmpty());
}

void RecentFiles::save(const QStringList& files)
{
    QSettings().setValue(m_key, files);
    Q_EMIT changed();
}
