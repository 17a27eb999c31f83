#include "logpane.h"

#include "common/uiutil.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

LogPane::LogPane(QWidget* parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit(this))
    , m_timer(new QTimer(this))
{
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setMaximumBlockCount(m_maxLines);
    m_text->setPlaceholderText(tr("The stack's output and the study's steps appear here."));
    m_text->setToolTip(
        tr("The output of the running stack and the study's progress; the last %1 lines are kept")
            .arg(m_maxLines));
    m_timer->setInterval(100);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &LogPane::flush);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
}

void LogPane::appendLine(const QString& source, const QString& line)
{
    UiUtil::assertGuiThread(this);
    const QString stamp = QTime::currentTime().toString(u"HH:mm:ss"_qs);
    QString text = line;
    // gunicorn logs its own orderly shutdown as an error; say so rather than alarm the reader.
    if (line.contains(u"was sent SIGTERM"_qs))
        text += tr("  (expected: Stackbench is stopping the stack)");
    m_pending << (source.isEmpty() ? QString(stamp + u"  "_qs + text)
                                   : QString(stamp + u"  ["_qs + source + u"] "_qs + text));
    if (m_pending.size() > m_maxLines)
        m_pending.remove(0, m_pending.size() - m_maxLines);
    if (!m_timer->isActive())
        m_timer->start();
}

void LogPane::flush()
{
    if (m_pending.isEmpty())
        return;
    QScrollBar* bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    m_text->appendPlainText(m_pending.join(u'\n'));
    m_pending.clear();
    if (atEnd)
        bar->setValue(bar->maximum());
}

void LogPane::clear()
{
    m_pending.clear();
    m_text->clear();
}

void LogPane::setMaxLines(int lines)
{
    m_maxLines = std::max(1, lines);
    m_text->setMaximumBlockCount(m_maxLines);
}

int LogPane::lineCount()
{
    flush();
    return m_text->document()->blockCount();
}

QString LogPane::text()
{
    flush();
    return m_text->toPlainText();
}
