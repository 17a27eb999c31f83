#include "jsonedit.h"

#include "statuslabel.h"
#include "uiutil.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

JsonEdit::JsonEdit(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QPlainTextEdit(this))
    , m_status(new StatusLabel(StatusLabel::Kind::Ok, this))
{
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setPlaceholderText(tr("No body"));
    m_edit->setToolTip(tr("The request body as JSON. Leave empty for no body."));
    m_edit->setMinimumHeight(m_edit->fontMetrics().height() * 4);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_status);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        validate();
        if (!m_settingText)
            Q_EMIT edited();
    });
    validate();
}

void JsonEdit::setPlaceholdersAllowed(bool allowed)
{
    m_placeholders = allowed;
    if (allowed)
        m_edit->setToolTip(tr("The request body as JSON; {id}, {seq} and {vu} are replaced per request. "
                              "Leave empty for no body."));
    validate();
}

QString JsonEdit::text() const
{
    return m_edit->toPlainText();
}

void JsonEdit::setText(const QString& text)
{
    UiUtil::assertGuiThread(this);
    m_settingText = true;
    m_edit->setPlainText(text);
    m_settingText = false;
}

void JsonEdit::setExternalError(const QString& error)
{
    m_externalError = error;
    showStatus();
}

void JsonEdit::validate()
{
    QByteArray bytes = text().toUtf8();
    if (m_placeholders)
        bytes = UiUtil::withPlaceholdersAsNumbers(bytes);
    m_error = UiUtil::jsonSyntaxError(bytes);
    showStatus();
}

void JsonEdit::showStatus()
{
    const bool empty = text().trimmed().isEmpty();
    QString message;
    auto kind = StatusLabel::Kind::Ok;
    if (!m_error.isEmpty()) {
        message = tr("Not valid JSON: %1").arg(m_error);
        kind = StatusLabel::Kind::Error;
    } else if (!m_externalError.isEmpty()) {
        message = m_externalError;
        kind = StatusLabel::Kind::Error;
    } else {
        message = empty ? tr("No body") : tr("✓ Valid JSON");
    }
    m_status->setKind(kind);
    m_status->setText(message);
    UiUtil::setFieldInvalid(m_edit, !m_error.isEmpty() || !m_externalError.isEmpty());
}
