#include "exportsettings.h"

#include "common/settingskeys.h"

#include <QSettings>

ExportSettings ExportSettings::load()
{
    QSettings s;
    ExportSettings e;
    e.format = s.value(SettingsKeys::ExportFormat, u"png"_qs).toString() == u"svg" ? ExportFormat::Svg
                                                                                   : ExportFormat::Png;
    e.size = QSize(qBound(16, s.value(SettingsKeys::ExportWidth, e.size.width()).toInt(), 20000),
        qBound(16, s.value(SettingsKeys::ExportHeight, e.size.height()).toInt(), 20000));
    e.scale = qBound(0.25, s.value(SettingsKeys::ExportScale, e.scale).toDouble(), 8.0);
    e.withPaper = s.value(SettingsKeys::ExportPaper, e.withPaper).toBool();
    return e;
}

void ExportSettings::save() const
{
    QSettings s;
    s.setValue(SettingsKeys::ExportFormat, exportFormatSuffix(format));
    s.setValue(SettingsKeys::ExportWidth, size.width());
    s.setValue(SettingsKeys::ExportHeight, size.height());
    s.setValue(SettingsKeys::ExportScale, scale);
    s.setValue(SettingsKeys::ExportPaper, withPaper);
}
