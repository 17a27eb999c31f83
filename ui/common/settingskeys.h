#pragma once

#include <QString>

/// Every QSettings key the workbench uses, in one place so that pages agree on them.
namespace SettingsKeys {
inline const QString WindowGeometry = u"window/geometry"_qs;
inline const QString WindowState = u"window/state"_qs;
inline const QString CurrentPage = u"window/page"_qs;
inline const QString LastPlan = u"plan/last"_qs;
inline const QString RecentPlans = u"plan/recent"_qs;
inline const QString LastResults = u"results/last"_qs;
inline const QString RecentResults = u"results/recent"_qs;
inline const QString PaperOverlay = u"results/paperOverlay"_qs;
inline const QString ExcludeFlagged = u"results/excludeFlagged"_qs;
inline const QString ResultsRoot = u"run/resultsRoot"_qs;
/// The results folder of a study that was started and has not finished (cancelled or crashed).
inline const QString InterruptedStudy = u"run/interrupted"_qs;
inline const QString ExportFormat = u"export/format"_qs;
inline const QString ExportWidth = u"export/width"_qs;
inline const QString ExportHeight = u"export/height"_qs;
inline const QString ExportScale = u"export/scale"_qs;
inline const QString ExportPaper = u"export/paper"_qs;
inline const QString ExportDir = u"export/dir"_qs;
inline const QString QuickLoadForm = u"quickload/form"_qs;
/// The stack manifest chosen in the workbench; absent or empty for the bundled one.
inline const QString ManifestPath = u"stacks/manifest"_qs;
} // namespace SettingsKeys
