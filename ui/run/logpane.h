#pragma once

#include <QStringList>
#include <QWidget>

class QPlainTextEdit;
class QTimer;

/// A read-only pane tailing a stack's output. Lines are batched and appended every 100 ms, and
/// only the last maxLines are kept, so a chatty stack costs the GUI thread little and memory stays
/// flat. GUI-thread only.
class LogPane : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxLines = 5000;

    explicit LogPane(QWidget* parent = nullptr);

    void appendLine(const QString& source, const QString& line);
    void clear();
    void setMaxLines(int lines);
    /// Lines shown now (after the pending batch is flushed).
    int lineCount();
    QString text();

private:
    void flush();

    QPlainTextEdit* m_text;
    QTimer* m_timer;
    QStringList m_pending;
    int m_maxLines = DefaultMaxLines;
};
