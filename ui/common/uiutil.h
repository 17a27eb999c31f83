#pragma once

#include "engine/loadspec.h"
#include "plan/plan.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QAbstractItemView;
class QAction;
class QLabel;
class QLineEdit;
class QPalette;
class QSpinBox;
class QTableView;
class QTreeView;
class QWidget;

/// Shared view setup and formatting for the pages, in the spirit of Hotspot's resultsutil.h.
namespace UiUtil {

/// An icon from `:/icons/<name>.svg`.
QIcon icon(const QString& name);

/// Rows selected whole, alternating colours, sortable, compact rows, the last column stretched.
void setupTableView(QTableView* view, bool sortable = true);
void setupTreeView(QTreeView* view);

/// A word-wrapped label for inline problems: red on the palette, hidden while it has no text.
QLabel* makeErrorLabel(QWidget* parent = nullptr);
/// An amber, bold label for warnings such as "the client may be the bottleneck"; hidden while empty.
QLabel* makeWarningLabel(QWidget* parent = nullptr);
/// A muted, small label for hints under a field.
QLabel* makeHintLabel(const QString& text, QWidget* parent = nullptr);
/// Shows @p text in @p label (hiding it when empty) and marks @p field invalid (a red frame).
void setFieldError(QWidget* field, QLabel* label, const QString& text);
/// A spin box from @p min to @p max with locale grouping ("100,000") and a tooltip.
QSpinBox* makeSpinBox(int min, int max, const QString& toolTip);
/// A line edit with a placeholder and a tooltip.
QLineEdit* makeLineEdit(const QString& placeholder, const QString& toolTip);
/// A container with @p field on top and @p errorLabel (see makeErrorLabel) under it, for form rows.
QWidget* withErrorLabel(QWidget* field, QLabel* errorLabel);
/// Marks a field invalid or valid (a red frame) without a label.
void setFieldInvalid(QWidget* field, bool invalid);

/// Red and amber that read on both light and dark windows.
QColor errorColor(const QPalette& palette);
QColor warningColor(const QPalette& palette);
QColor okColor(const QPalette& palette);

/// An action with text, tooltip (including the shortcut, if any) and optional icon.
QAction* makeAction(
    QObject* parent, const QString& text, const QString& toolTip, const QString& iconName = {});
/// Appends the action's shortcut to its tooltip: "Start the load (F5)".
void appendShortcutToToolTip(QAction* action);

/// "7.62 ms", "1.20 s", "850 µs".
QString formatMs(double ms);
/// "4,417.2" with the locale's grouping; @p decimals after the point.
QString formatNumber(double value, int decimals = 0);
/// A figure's value with its unit: "4,417.2 req/s" or "7.62 ms".
QString formatMetric(double value, Metric metric);
/// "12.3 MB".
QString formatBytes(double bytes);
/// "1 h 02 min", "4 min 05 s", "12 s"; "–" when negative (unknown).
QString formatEta(double seconds);

/// Parses "Name: Value" lines (blank lines ignored). On a malformed line returns false and sets
/// @p error to "line N: ...".
bool parseHeaderLines(const QString& text, Headers* headers, QString* error);
QString formatHeaderLines(const Headers& headers);

/// Empty when @p json is one valid JSON value (or empty); otherwise "line L, column C: reason",
/// then that line with "⟨here⟩" where the parser stopped.
QString jsonSyntaxError(const QByteArray& json);
/// @p text with {id}, {seq} and {vu} replaced by 1, so a body template can be checked as JSON.
QByteArray withPlaceholdersAsNumbers(const QByteArray& text);

/// Asserts (debug builds) that the caller runs on @p object's thread, as GUI setters must.
void assertGuiThread(const QObject* object);

} // namespace UiUtil
