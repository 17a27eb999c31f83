#include "statuslabel.h"

#include "uiutil.h"

#include <QEvent>

StatusLabel::StatusLabel(Kind kind, QWidget* parent)
    : QLabel(parent)
    , m_kind(kind)
{
    recolour();
}

void StatusLabel::setKind(Kind kind)
{
    m_kind = kind;
    recolour();
}

void StatusLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        recolour();
}

void StatusLabel::recolour()
{
    if (m_recolouring)
        return;
    m_recolouring = true;
    // Derive from the inherited palette, not our own modified copy.
    QPalette p = parentWidget() ? parentWidget()->palette() : QPalette();
    const QColor colour = m_kind == Kind::Error ? UiUtil::errorColor(p)
        : m_kind == Kind::Warning               ? UiUtil::warningColor(p)
                                                : UiUtil::okColor(p);
    p.setColor(QPalette::WindowText, colour);
    setPalette(p);
    m_recolouring = false;
}
