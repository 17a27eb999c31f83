#include "logtail.h"

namespace {
constexpr qsizetype MaxLine = 2000; // longer lines are cut: a log pane is not a hex viewer
constexpr qint64 MaxReadPerPoll = 256 * 1024;
} // namespace

LogTail::LogTail(QObject* parent)
    : QObject(parent)
    , m_timer(this)
{
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &LogTail::poll);
}

void LogTail::start(const QString& path)
{
    stop();
    m_partial.clear();
    m_file.setFileName(path);
    m_timer.start();
}

void LogTail::stop()
{
    if (!m_timer.isActive())
        return;
    poll();
    if (!m_partial.isEmpty())
        Q_EMIT line(QString::fromUtf8(m_partial.left(MaxLine)));
    m_partial.clear();
    m_timer.stop();
    m_file.close();
}

void LogTail::poll()
{
    if (!m_file.isOpen() && !m_file.open(QIODevice::ReadOnly))
        return; // not created yet
    m_partial += m_file.read(MaxReadPerPoll);
    qsizetype start = 0;
    for (qsizetype nl = m_partial.indexOf('\n'); nl >= 0; nl = m_partial.indexOf('\n', start)) {
        Q_EMIT line(QString::fromUtf8(m_partial.mid(start, std::min(nl - start, MaxLine))));
        start = nl + 1;
    }
    m_partial.remove(0, start);
    if (m_partial.size() > MaxLine) { // a runaway line without newline
        Q_EMIT line(QString::fromUtf8(m_partial.left(MaxLine)));
        m_partial.clear();
    }
}
