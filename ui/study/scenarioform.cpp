#include "scenarioform.h"

#include "common/constants.h"
#include "common/jsonedit.h"
#include "common/loadfields.h"
#include "common/uiutil.h"
#include "engine/executortraits.h"
#include "sweeptext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace UiUtil;
using namespace std::chrono_literals;

namespace {
/// The compact form of a JSON value, as the plan stores bodies; @p text itself when not JSON.
QByteArray compactBody(const QString& text)
{
    const QByteArray bytes = text.trimmed().toUtf8();
    if (bytes.isEmpty())
        return {};
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + bytes + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return bytes;
    return QJsonDocument(doc.array()).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

QString prettyBody(const QByteArray& body)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + body + ']', &error);
    if (body.isEmpty() || error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return QString::fromUtf8(body);
    const QJsonValue v = doc.array().at(0);
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(body);
}

bool parsePool(const QString& text, QList<qint64>* out)
{
    QList<qint64> ids;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok)
            return false;
        ids << id;
    }
    *out = ids;
    return true;
}
} // namespace

ScenarioForm::ScenarioForm(QWidget* parent)
    : QWidget(parent)
    , m_general(makeErrorLabel(this))
    , m_errors(m_general)
    , m_load(new LoadFields(LoadFields::Kind::Plan, this))
{
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>Scenario</b>"));
    layout->addWidget(heading);
    layout->addWidget(m_general);
    layout->addWidget(buildIdentity());
    layout->addWidget(buildLoad());
    layout->addWidget(buildRequest());
    layout->addStretch();
    connect(m_load, &LoadFields::edited, this, &ScenarioForm::emitEdited);
    updateVisibleRows();
}

QWidget* ScenarioForm::buildIdentity()
{
    auto* box = new QGroupBox(tr("Identity"));
    auto* form = new QFormLayout(box);
    m_id = makeLineEdit(u"get-one"_qs, tr("Names the result file: lower-case letters, digits, '-' and '_'"));
    m_title = makeLineEdit(tr("GET /items/{id}: 10 VUs share 1,000 requests"),
        tr("A title for reports and logs. While it reads as suggested, it follows the request and the "
           "load; write your own to keep it, or clear it to follow them again"));
    m_figure = makeSpinBox(0, Constants::FigureCount,
        tr("The paper's figure this scenario reports (1–%1), or none").arg(Constants::FigureCount));
    m_figure->setSpecialValueText(tr("none"));
    m_metric = new QComboBox;
    m_metric->addItem(tr("Requests per second"), int(Metric::Rps));
    m_metric->addItem(tr("Mean response time (ms)"), int(Metric::MeanMs));
    m_metric->setToolTip(tr("Which number the figure shows"));
    addRow(form, tr("&Id:"), m_id, u"id"_qs);
    addRow(form, tr("&Title:"), m_title, u"title"_qs);
    addRow(form, tr("&Figure:"), m_figure, u"figure"_qs);
    addRow(form, tr("&Metric:"), m_metric, u"metric"_qs);
    connect(m_id, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    connect(m_title, &QLineEdit::textEdited, this, &ScenarioForm::onTitleEdited);
    connect(m_figure, &QSpinBox::valueChanged, this, &ScenarioForm::emitEdited);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &ScenarioForm::emitEdited);
    return box;
}

QWidget* ScenarioForm::buildLoad()
{
    auto* box = new QGroupBox(tr("Load"));
    auto* form = new QFormLayout(box);
    m_load->addExecutorRows(form, [this](auto... args) { return addRow(args...); });
    m_sweep = makeLineEdit(tr("(no sweep)"),
        tr("Load levels to sweep: the study runs one scenario per value and draws throughput and latency "
           "against it, e.g. vus=1,10,25,50,100 (or rate=… for an arrival-rate executor)"));
    addRow(form, tr("S&weep:"), m_sweep, u"sweep"_qs);
    connect(m_sweep, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    return box;
}

QWidget* ScenarioForm::buildRequest()
{
    auto* box = new QGroupBox(tr("Request"));
    auto* form = new QFormLayout(box);
    m_path = makeLineEdit(
        u"/items/{id}"_qs, tr("The path template: {id}, {seq} (request number) and {vu} expand per request"));
    m_idsKind = new QComboBox;
    m_idsKind->addItem(tr("none"), int(PlanIds::None));
    m_idsKind->addItem(tr("a range"), int(PlanIds::Range));
    m_idsKind->addItem(tr("a list"), int(PlanIds::Pool));
    m_idsKind->setToolTip(tr("Where {id} comes from"));
    m_idMin = makeSpinBox(0, std::numeric_limits<int>::max(), tr("First id of the range"));
    m_idMax = makeSpinBox(0, std::numeric_limits<int>::max(), tr("Last id of the range"));
    m_idPool = makeLineEdit(u"1, 2, 3"_qs, tr("Ids to draw from, separated by commas"));
    m_consume = new QCheckBox(tr("Use each id once, in order (for DELETE)"));
    m_consume->setToolTip(
        tr("Hand ids out in order and never reuse one; otherwise they are drawn at random"));
    auto* ids = new QWidget;
    auto* idsLayout = new QHBoxLayout(ids);
    idsLayout->setContentsMargins(0, 0, 0, 0);
    idsLayout->addWidget(m_idsKind);
    idsLayout->addWidget(m_idMin);
    idsLayout->addWidget(m_idMax);
    idsLayout->addWidget(m_idPool, 1);
    auto* idsBox = new QWidget;
    auto* idsBoxLayout = new QVBoxLayout(idsBox);
    idsBoxLayout->setContentsMargins(0, 0, 0, 0);
    idsBoxLayout->addWidget(ids);
    idsBoxLayout->addWidget(m_consume);
    m_expected
        = makeSpinBox(100, 599, tr("The status a successful response has; any other counts as an error"));
    m_load->addRequestRows(
        form, [this](auto... args) { return addRow(args...); },
        [&] { addRow(form, tr("&Path:"), m_path, u"request.path"_qs); });
    addRow(form, tr("{id} from:"), idsBox, u"request.ids"_qs);
    addRow(form, tr("Expected &status:"), m_expected, u"expected_status"_qs);
    connect(m_path, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    connect(m_idsKind, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibleRows();
        emitEdited();
    });
    for (QSpinBox* s : { m_idMin, m_idMax, m_expected })
        connect(s, &QSpinBox::valueChanged, this, &ScenarioForm::emitEdited);
    connect(m_idPool, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    connect(m_consume, &QCheckBox::toggled, this, &ScenarioForm::emitEdited);
    return box;
}

QWidget* ScenarioForm::addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key)
{
    // The body editor shows its own errors (syntax and plan problems) under the text: a second
    // label under it would say the same thing twice.
    if (key == u"request.body") {
        form->addRow(label, field);
        m_errors.add(key, nullptr, nullptr);
        return field;
    }
    QLabel* error = makeErrorLabel(this);
    QWidget* row = withErrorLabel(field, error);
    form->addRow(label, row);
    m_errors.add(key, field, error);
    return row;
}

JsonEdit* ScenarioForm::bodyEdit() const
{
    return m_load->body();
}

QSpinBox* ScenarioForm::vusBox() const
{
    return m_load->vus();
}

QLineEdit* ScenarioForm::durationEdit() const
{
    return m_load->duration();
}

ExecutorKind ScenarioForm::executor() const
{
    return m_load->executor();
}

void ScenarioForm::updateVisibleRows()
{
    m_load->updateRows();
    const auto kind = PlanIds::Kind(m_idsKind->currentData().toInt());
    m_idMin->setVisible(kind == PlanIds::Range);
    m_idMax->setVisible(kind == PlanIds::Range);
    m_idPool->setVisible(kind == PlanIds::Pool);
    m_consume->setVisible(kind != PlanIds::None);
}

void ScenarioForm::setScenario(const Scenario& s)
{
    assertGuiThread(this);
    m_loading = true;
    m_id->setText(s.id);
    m_title->setText(s.title);
    m_autoTitle = s.title.isEmpty() || s.title == s.id || s.title == suggestedTitle(s);
    m_title->setPlaceholderText(suggestedTitle(s));
    m_figure->setValue(s.figure);
    m_metric->setCurrentIndex(m_metric->findData(int(s.metric)));
    m_load->setExecutor(s.executor);
    m_load->vus()->setValue(s.vus);
    m_load->duration()->setText(s.duration.count() > 0 ? formatPlanDuration(s.duration) : QString());
    m_load->iterations()->setValue(int(std::min<qint64>(s.iterations, std::numeric_limits<int>::max())));
    m_load->rate()->setValue(s.rate);
    m_load->preAllocatedVus()->setValue(s.preAllocatedVus);
    m_load->maxVus()->setValue(s.maxVus);
    m_load->maxDuration()->setText(s.maxDuration.count() > 0 ? formatPlanDuration(s.maxDuration) : QString());
    m_load->method()->setCurrentText(QString::fromLatin1(s.request.method));
    m_path->setText(s.request.path);
    m_load->headers()->setPlainText(formatHeaderLines(s.request.headers));
    m_load->body()->setText(prettyBody(s.request.body));
    m_idsKind->setCurrentIndex(m_idsKind->findData(int(s.request.ids.kind)));
    m_idMin->setValue(int(s.request.ids.min));
    m_idMax->setValue(int(s.request.ids.max));
    QStringList pool;
    for (qint64 id : s.request.ids.pool)
        pool << QString::number(id);
    m_idPool->setText(pool.join(u", "_qs));
    m_consume->setChecked(s.request.ids.consume);
    m_expected->setValue(s.expectedStatus);
    m_sweep->setText(loadSweepText(s.sweep));
    updateVisibleRows();
    m_loading = false;
}

Scenario ScenarioForm::scenario() const
{
    Scenario s;
    s.id = m_id->text().trimmed();
    s.title = m_title->text().trimmed();
    s.figure = m_figure->value();
    s.metric = Metric(m_metric->currentData().toInt());
    s.executor = executor();
    const bool rate = traitsOf(s.executor).arrival;
    const bool counted = !traitsOf(s.executor).timed;
    if (!rate)
        s.vus = m_load->vus()->value();
    if (!counted)
        parsePlanDuration(m_load->duration()->text().trimmed(), &s.duration);
    if (counted) {
        s.iterations = m_load->iterations()->value();
        parsePlanDuration(m_load->maxDuration()->text().trimmed(), &s.maxDuration);
    }
    if (rate) {
        s.rate = m_load->rate()->value();
        s.preAllocatedVus = m_load->preAllocatedVus()->value();
        s.maxVus = m_load->maxVus()->value();
    }
    s.request.method = m_load->method()->currentText().trimmed().toUpper().toLatin1();
    s.request.path = m_path->text().trimmed();
    parseHeaderLines(m_load->headers()->toPlainText(), &s.request.headers, nullptr);
    s.request.body = compactBody(m_load->body()->text());
    s.request.ids.kind = PlanIds::Kind(m_idsKind->currentData().toInt());
    s.request.ids.min = m_idMin->value();
    s.request.ids.max = m_idMax->value();
    if (s.request.ids.kind == PlanIds::Pool)
        parsePool(m_idPool->text(), &s.request.ids.pool);
    s.request.ids.consume = s.request.ids.kind != PlanIds::None && m_consume->isChecked();
    s.expectedStatus = m_expected->value();
    QString error;
    s.sweep = parseLoadSweepText(m_sweep->text(), &error).value_or(QMap<QString, QList<double>> {});
    if (s.title.isEmpty())
        s.title = suggestedTitle(s); // what the empty field shows as its placeholder
    return s;
}

QHash<QString, QString> ScenarioForm::localErrors() const
{
    QHash<QString, QString> e;
    std::chrono::milliseconds d {};
    const bool counted = !traitsOf(executor()).timed;
    if (!counted && !parsePlanDuration(m_load->duration()->text().trimmed(), &d))
        e.insert(u"duration"_qs, tr("Give a duration with a unit, such as 10s, 500ms or 1m30s"));
    if (counted && !m_load->maxDuration()->text().trimmed().isEmpty()
        && !parsePlanDuration(m_load->maxDuration()->text().trimmed(), &d))
        e.insert(u"maxDuration"_qs, tr("Give a duration with a unit, such as 10m, or leave empty"));
    Headers headers;
    QString error;
    if (!parseHeaderLines(m_load->headers()->toPlainText(), &headers, &error))
        e.insert(u"request.headers"_qs, error);
    if (!m_load->body()->isValid())
        e.insert(u"request.body"_qs, tr("Not valid JSON: %1").arg(m_load->body()->syntaxError()));
    QList<qint64> pool;
    if (m_idsKind->currentData().toInt() == PlanIds::Pool && !parsePool(m_idPool->text(), &pool))
        e.insert(u"request.ids"_qs, tr("List whole numbers separated by commas"));
    if (QString sweepError; !parseLoadSweepText(m_sweep->text(), &sweepError))
        e.insert(u"sweep"_qs, sweepError);
    return e;
}

JsonProblems ScenarioForm::localProblems() const
{
    JsonProblems out;
    const auto errors = localErrors();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        out.append({ {}, it.key(), it.value() });
    return out;
}

void ScenarioForm::setProblems(const JsonProblems& problems)
{
    m_planProblems = problems;
    const QHash<QString, QString> local = localErrors();
    m_errors.show(problems, local);
    // The body editor shows its own syntax error; plan problems on it go under the editor too.
    m_load->body()->setExternalError(
        local.contains(u"request.body"_qs) ? QString() : m_errors.errorFor(u"request.body"_qs));
}

void ScenarioForm::emitEdited()
{
    if (m_loading)
        return;
    const QString suggestion = suggestedTitle(scenario());
    m_title->setPlaceholderText(suggestion);
    if (m_autoTitle && !m_title->text().trimmed().isEmpty())
        m_title->setText(suggestion);
    Q_EMIT edited();
}

void ScenarioForm::onTitleEdited(const QString& text)
{
    // Typing the suggestion back, or clearing the field, hands the title back to the parameters.
    m_autoTitle = text.trimmed().isEmpty() || text.trimmed() == suggestedTitle(scenario());
    if (!m_loading)
        Q_EMIT edited();
}
