#pragma once

#include <QLabel>

/// A label for inline problems and warnings whose colour follows the palette (red or amber that
/// read on light and dark windows), re-derived whenever the palette changes. Hidden while empty
/// when created through UiUtil::makeErrorLabel()/makeWarningLabel().
class StatusLabel : public QLabel
{
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Ok };

    explicit StatusLabel(Kind kind, QWidget* parent = nullptr);
    Kind kind() const { return m_kind; }
    void setKind(Kind kind);

protected:
    void changeEvent(QEvent* event) override;

private:
    void recolour();

    Kind m_kind;
    bool m_recolouring = false;
};
