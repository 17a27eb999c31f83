#pragma once

#include "figures/figureexport.h"

#include <QSize>

/// How figures are exported: format, logical size, scale (PNG) and the paper overlay. Remembered in
/// QSettings between sessions.
struct ExportSettings
{
    ExportFormat format = ExportFormat::Png;
    QSize size { 1200, 750 };
    qreal scale = 2;
    bool withPaper = true;

    static ExportSettings load();
    void save() const;
};
