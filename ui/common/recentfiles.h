#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

/// A most-recent-first list of paths kept in QSettings under one key, and the menu that shows it.
/// GUI-thread only.
class RecentFiles : public QObject
{
    Q_OBJECT
public:
    RecentFiles(QString settingsKey, QObject* parent = nullptr, int maxCount = 8);

    QStringList files() const;
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

    /// Fills @p menu now and whenever the list changes; each entry emits triggered(path).
    void attach(QMenu* menu);

Q_SIGNALS:
    void triggered(const QString& path);
    void changed();

private:
    void populate(QMenu* menu);
    void save(const QStringList& files);

    QString m_key;
    int m_max;
};
