#include "uiutil.h"

#include "statuslabel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

static void initUiResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace UiUtil {

QIcon icon(const QString& name)
{
    static const bool once = (initUiResources(), true);
    Q_UNUSED(once);
    return QIcon(u":/icons/"_qs + name + u".svg"_qs);
}

void setupTableView(QTableView* view, bool sortable)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(sortable);
    view->setWordWrap(false);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void setupTreeView(QTreeView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setUniformRowHeights(true);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAllColumnsShowFocus(true);
    view->header()->setStretchLastSection(true);
}

namespace {
    QLabel* makeStatusLabel(QWidget* parent, StatusLabel::Kind kind)
    {
        auto* label = new StatusLabel(kind, parent);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        if (kind == StatusLabel::Kind::Warning) {
            QFont f = label->font();
            f.setBold(true);
            label->setFont(f);
        }
        label->hide();
        return label;
    }
} // namespace

QLabel* makeErrorLabel(QWidget* parent)
{
    QLabel* label = makeStatusLabel(parent, StatusLabel::Kind::Error);
    label->setObjectName(u"errorLabel"_qs);
    return label;
}

QLabel* makeWarningLabel(QWidget* parent)
{
    QLabel* label = makeStatusLabel(parent, StatusLabel::Kind::Warning);
    label->setObjectName(u"warningLabel"_qs);
    return label;
}

QLabel* makeHintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    label->setFont(f);
    return label;
}

void setFieldError(QWidget* field, QLabel* label, const QString& text)
{
    if (label) {
        label->setText(text);
        label->setVisible(!text.isEmpty());
    }
    if (field)
        setFieldInvalid(field, !text.isEmpty());
}

QSpinBox* makeSpinBox(int min, int max, const QString& toolTip)
{
    auto* box = new QSpinBox;
    box->setRange(min, max);
    box->setToolTip(toolTip);
    box->setGroupSeparatorShown(true);
    return box;
}

QLineEdit* makeLineEdit(const QString& placeholder, const QString& toolTip)
{
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    return edit;
}

QWidget* withErrorLabel(QWidget* field, QLabel* errorLabel)
{
    auto* box = new QWidget;
    // The row grows only as far as its field does, and the error stays right under it.
    box->setSizePolicy(field->sizePolicy().horizontalPolicy(), field->sizePolicy().verticalPolicy());
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(field);
    layout->addWidget(errorLabel);
    return box;
}

void setFieldInvalid(QWidget* field, bool invalid)
{
    if (field->property("invalid").toBool() == invalid)
        return;
    field->setProperty("invalid", invalid);
    if (!invalid) {
        field->setPalette(QPalette()); // an empty palette: inherit again
        return;
    }
    // A tinted background rather than a style sheet, which would drop the native look of spin
    // boxes and combo boxes.
    QPalette p = field->palette();
    const QColor base = p.color(QPalette::Base);
    const QColor red = errorColor(p);
    const auto mix = [](int a, int b) { return a + (b - a) * 22 / 100; };
    p.setColor(QPalette::Base,
        QColor(mix(base.red(), red.red()), mix(base.green(), red.green()), mix(base.blue(), red.blue())));
    field->setPalette(p);
}

namespace {
    bool isDark(const QPalette& palette)
    {
        return palette.color(QPalette::Window).lightness() < 128;
    }
} // namespace

QColor errorColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x7a, 0x7a) : QColor(0xb0, 0x1c, 0x1c);
}

QColor warningColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x4d, 0x00);
}

QColor okColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x6f, 0xd8, 0x8f) : QColor(0x1d, 0x7a, 0x3d);
}

QAction* makeAction(QObject* parent, const QString& text, const QString& toolTip, const QString& iconName)
{
    auto* action = new QAction(text, parent);
    action->setToolTip(toolTip);
    action->setStatusTip(toolTip);
    if (!iconName.isEmpty())
        action->setIcon(icon(iconName));
    return action;
}

void appendShortcutToToolTip(QAction* action)
{
    const QKeySequence key = action->shortcut();
    if (key.isEmpty())
        return;
    action->setToolTip(action->toolTip() + u" ("_qs + key.toString(QKeySequence::NativeText) + u')');
}

QString formatMs(double ms)
{
    if (ms >= 1000)
        return QLocale().toString(ms / 1000.0, 'f', 2) + u" s"_qs;
    if (ms >= 100)
        return QLocale().toString(ms, 'f', 1) + u" ms"_qs;
    if (ms >= 1)
        return QLocale().toString(ms, 'f', 2) + u" ms"_qs;
    return QLocale().toString(ms * 1000.0, 'f', 0) + u" µs"_qs;
}

QString formatNumber(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString formatMetric(double value, Metric metric)
{
    return metric == Metric::Rps ? formatNumber(value, 1) + u" req/s"_qs : formatNumber(value, 2) + u" ms"_qs;
}

QString formatBytes(double bytes)
{
    if (bytes >= 1e9)
        return QLocale().toString(bytes / 1e9, 'f', 2) + u" GB"_qs;
    if (bytes >= 1e6)
        return QLocale().toString(bytes / 1e6, 'f', 1) + u" MB"_qs;
    if (bytes >= 1e3)
        return QLocale().toString(bytes / 1e3, 'f', 1) + u" kB"_qs;
    return QLocale().toString(bytes, 'f', 0) + u" B"_qs;
}

QString formatEta(double seconds)
{
    if (seconds < 0)
        return u"–"_qs;
    const qint64 s = qint64(seconds + 0.5);
    if (s >= 3600)
        return u"%1 h %2 min"_qs.arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return u"%1 min %2 s"_qs.arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return u"%1 s"_qs.arg(s);
}

bool parseHeaderLines(const QString& text, Headers* headers, QString* error)
{
    static const QRegularExpression Token(u"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"_qs);
    Headers out;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        const QString name = colon > 0 ? line.left(colon).trimmed() : QString();
        if (colon <= 0 || !Token.match(name).hasMatch()) {
            if (error)
                *error = u"line %1: expected \"Name: value\", got \"%2\""_qs.arg(i + 1).arg(line);
            return false;
        }
        out.append({ name.toLatin1(), line.mid(colon + 1).trimmed().toUtf8() });
    }
    *headers = out;
    return true;
}

QString formatHeaderLines(const Headers& headers)
{
    QStringList lines;
    for (const auto& [name, value] : headers)
        lines << QString::fromLatin1(name) + u": "_qs + QString::fromUtf8(value);
    return lines.join(u'\n');
}

QString jsonSyntaxError(const QByteArray& json)
{
    if (json.trimmed().isEmpty())
        return {};
    // Wrapping in an array lets a bare value ("text", 42) through, as a plan body allows.
    const QByteArray wrapped = '[' + json + "\n]";
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error == QJsonParseError::NoError) {
        if (doc.array().size() == 1)
            return {};
        return u"expected a single JSON value"_qs;
    }
    const qsizetype offset = qBound(qsizetype(0), qsizetype(error.offset - 1), json.size());
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    // Qt names what it expected next, so a missing comma reads "unterminated object": say what is
    // likely wrong, keep Qt's words, and show the line with a caret where the parser stopped.
    QString reason;
    switch (error.error) {
    case QJsonParseError::UnterminatedObject:
        reason = u"expected , or } here (a comma may be missing)"_qs;
        break;
    case QJsonParseError::UnterminatedArray:
        reason = u"expected , or ] here (a comma may be missing)"_qs;
        break;
    case QJsonParseError::MissingNameSeparator:
        reason = u"expected : after the name"_qs;
        break;
    case QJsonParseError::IllegalValue:
        reason = u"expected a value here"_qs;
        break;
    default:
        break;
    }
    reason = reason.isEmpty() ? error.errorString() : reason + u" [Qt: "_qs + error.errorString() + u']';
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    qsizetype lineEnd = json.indexOf('\n', lineStart);
    if (lineEnd < 0)
        lineEnd = json.size();
    // A marker in the text, not a caret under it: the status label's font is proportional.
    const QString text = QString::fromUtf8(json.mid(lineStart, offset - lineStart)) + u"⟨here⟩"_qs
        + QString::fromUtf8(json.mid(offset, lineEnd - offset));
    return u"line %1, column %2: %3\n%4"_qs.arg(line).arg(column).arg(reason, text.trimmed());
}

QByteArray withPlaceholdersAsNumbers(const QByteArray& text)
{
    QByteArray out = text;
    out.replace("{id}", "1").replace("{seq}", "1").replace("{vu}", "1");
    return out;
}

void assertGuiThread(const QObject* object)
{
    Q_ASSERT(QThread::currentThread() == object->thread());
    Q_UNUSED(object);
}

} // namespace UiUtil
