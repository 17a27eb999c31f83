#pragma once

#include <QFile>
#include <QObject>
#include <QTimer>

/// Follows a growing log file (a stack's stdout and stderr) and emits its new lines, polling every
/// 250 ms in the owner's thread. Reads are small and non-blocking: a regular file never stalls.
class LogTail : public QObject
{
    Q_OBJECT
public:
    explicit LogTail(QObject* parent = nullptr);
    void start(const QString& path); ///< from the file's beginning
    void stop(); ///< emits what is left, then stops

Q_SIGNALS:
    void line(const QString& text);

private:
    void poll();

    QFile m_file;
    QTimer m_timer;
    QByteArray m_partial;
};
