#pragma once

#include "exportsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

/// Asks how to export figures: PNG or SVG, size in logical pixels, scale (PNG) and whether to draw
/// the paper's reference marks. Starts from the remembered settings and stores them on accept.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    /// @p what names the export in the title, e.g. "all seven figures" or "Figure 3".
    explicit ExportDialog(const QString& what, QWidget* parent = nullptr);

    ExportSettings settings() const;
    void setSettings(const ExportSettings& settings);

    void accept() override;

private:
    void updateSummary();

    QComboBox* m_format;
    QSpinBox* m_width;
    QSpinBox* m_height;
    QDoubleSpinBox* m_scale;
    QCheckBox* m_paper;
    QLabel* m_summary;
};
