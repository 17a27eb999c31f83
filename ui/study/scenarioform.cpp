#include "scenarioform.h"

#include "common/jsonedit.h"
#include "common/uiutil.h"

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
QSpinBox* spin(int min, int max, const QString& toolTip)
{
    auto* box = new QSpinBox;
    box->setRange(min, max);
    box->setToolTip(toolTip);
    box->setGroupSeparatorShown(true);
    return box;
}

QLineEdit* line(const QString& placeholder, const QString& toolTip)
{
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    return edit;
}

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
{
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>Scenario</b>"));
    layout->addWidget(heading);
    layout->addWidget(m_general);
    layout->addWidget(buildIdentity());
    layout->addWidget(buildLoad());
    layout->addWidget(buildRequest());
    layout->addStretch();
    updateVisibleRows();
}

QWidget* ScenarioForm::buildIdentity()
{
    auto* box = new QGroupBox(tr("Identity"));
    auto* form = new QFormLayout(box);
    m_id = line(u"get-one"_qs, tr("Names the result file: lower-case letters, digits, '-' and '_'"));
    m_title = line(tr("GET /items/{id}: 10 VUs share 1,000 requests"), tr("A title for reports and logs"));
    m_figure = spin(0, 7, tr("The paper's figure this scenario reports (1–7), or none"));
    m_figure->setSpecialValueText(tr("none"));
    m_metric = new QComboBox;
    m_metric->addItem(tr("Requests per second"), int(Metric::Rps));
    m_metric->addItem(tr("Mean response time (ms)"), int(Metric::MeanMs));
    m_metric->setToolTip(tr("Which number the figure shows"));
    addRow(form, tr("&Id:"), m_id, u"id"_qs);
    addRow(form, tr("&Title:"), m_title, u"title"_qs);
    addRow(form, tr("&Figure:"), m_figure, u"figure"_qs);
    addRow(form, tr("&Metric:"), m_metric, u"metric"_qs);
    for (QLineEdit* e : { m_id, m_title })
        connect(e, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    connect(m_figure, &QSpinBox::valueChanged, this, &ScenarioForm::emitEdited);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &ScenarioForm::emitEdited);
    return box;
}

QWidget* ScenarioForm::buildLoad()
{
    auto* box = new QGroupBox(tr("Load"));
    m_loadForm = new QFormLayout(box);
    m_executor = new QComboBox;
    for (ExecutorKind k : { ExecutorKind::ConstantVus, ExecutorKind::SharedIterations, ExecutorKind::PerVuIterations,
             ExecutorKind::ConstantArrivalRate })
        m_executor->addItem(toString(k), int(k));
    m_executor->setToolTip(tr("constant-vus: N users loop for a time · shared-iterations: N users share M "
                              "requests · per-vu-iterations: M requests each · constant-arrival-rate: a "
                              "fixed number of requests per second"));
    m_vus = spin(1, 100'000, tr("Virtual users, each looping without pause"));
    m_duration = line(u"10s"_qs, tr("How long the load runs: 10s, 500ms, 1m30s"));
    m_iterations = spin(1, 2'000'000'000, tr("Requests in total (shared) or per VU"));
    m_rate = new QDoubleSpinBox;
    m_rate->setRange(0, 1e6);
    m_rate->setSuffix(tr(" /s"));
    m_rate->setToolTip(tr("Iterations started per second"));
    m_preAllocated = spin(1, 100'000, tr("VUs ready at the start of an arrival-rate load"));
    m_maxVus = spin(0, 100'000, tr("Upper bound of VUs; 0 means the pre-allocated number"));
    m_maxVus->setSpecialValueText(tr("same"));
    m_maxDuration = line(tr("10m (k6's default)"), tr("Upper bound on the run time of an iteration executor"));
    addRow(m_loadForm, tr("E&xecutor:"), m_executor, u"executor"_qs);
    addRow(m_loadForm, tr("&VUs:"), m_vus, u"vus"_qs);
    addRow(m_loadForm, tr("&Duration:"), m_duration, u"duration"_qs);
    addRow(m_loadForm, tr("Ite&rations:"), m_iterations, u"iterations"_qs);
    addRow(m_loadForm, tr("R&ate:"), m_rate, u"rate"_qs);
    addRow(m_loadForm, tr("Pre-allocated VUs:"), m_preAllocated, u"preAllocatedVUs"_qs);
    addRow(m_loadForm, tr("Max VUs:"), m_maxVus, u"maxVUs"_qs);
    addRow(m_loadForm, tr("Max duration:"), m_maxDuration, u"maxDuration"_qs);
    connect(m_executor, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibleRows();
        emitEdited();
    });
    for (QSpinBox* s : { m_vus, m_iterations, m_preAllocated, m_maxVus })
        connect(s, &QSpinBox::valueChanged, this, &ScenarioForm::emitEdited);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &ScenarioForm::emitEdited);
    for (QLineEdit* e : { m_duration, m_maxDuration })
        connect(e, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    return box;
}

QWidget* ScenarioForm::buildRequest()
{
    auto* box = new QGroupBox(tr("Request"));
    m_requestForm = new QFormLayout(box);
    m_method = new QComboBox;
    m_method->setEditable(true);
    m_method->addItems({ u"GET"_qs, u"POST"_qs, u"PUT"_qs, u"PATCH"_qs, u"DELETE"_qs, u"HEAD"_qs });
    m_method->setToolTip(tr("The HTTP method"));
    m_path = line(u"/items/{id}"_qs, tr("The path template: {id}, {seq} (request number) and {vu} expand per request"));
    m_headers = new QPlainTextEdit;
    m_headers->setPlaceholderText(u"Content-Type: application/json"_qs);
    m_headers->setToolTip(tr("Request headers, one \"Name: value\" per line"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().height() * 3 + 12);
    m_headers->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_body = new JsonEdit;
    m_body->setToolTip(tr("The body template as JSON; {id}, {seq} and {vu} expand inside strings"));
    m_idsKind = new QComboBox;
    m_idsKind->addItem(tr("none"), int(PlanIds::None));
    m_idsKind->addItem(tr("a range"), int(PlanIds::Range));
    m_idsKind->addItem(tr("a list"), int(PlanIds::Pool));
    m_idsKind->setToolTip(tr("Where {id} comes from"));
    m_idMin = spin(0, std::numeric_limits<int>::max(), tr("First id of the range"));
    m_idMax = spin(0, std::numeric_limits<int>::max(), tr("Last id of the range"));
    m_idPool = line(u"1, 2, 3"_qs, tr("Ids to draw from, separated by commas"));
    m_consume = new QCheckBox(tr("Use each id once, in order (for DELETE)"));
    m_consume->setToolTip(tr("Hand ids out in order and never reuse one; otherwise they are drawn at random"));
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
    m_expected = spin(100, 599, tr("The status a successful response has; any other counts as an error"));
    addRow(m_requestForm, tr("M&ethod:"), m_method, u"request.method"_qs);
    addRow(m_requestForm, tr("&Path:"), m_path, u"request.path"_qs);
    addRow(m_requestForm, tr("&Headers:"), m_headers, u"request.headers"_qs);
    addRow(m_requestForm, tr("&Body:"), m_body, u"request.body"_qs);
    addRow(m_requestForm, tr("{id} from:"), idsBox, u"request.ids"_qs);
    addRow(m_requestForm, tr("Expected &status:"), m_expected, u"expected_status"_qs);
    connect(m_method, &QComboBox::currentTextChanged, this, &ScenarioForm::emitEdited);
    connect(m_path, &QLineEdit::textEdited, this, &ScenarioForm::emitEdited);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ScenarioForm::emitEdited);
    connect(m_body, &JsonEdit::edited, this, &ScenarioForm::emitEdited);
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

void ScenarioForm::addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key)
{
    QLabel* error = makeErrorLabel(this);
    QWidget* row = withErrorLabel(field, error);
    form->addRow(label, row);
    m_errors.add(key, key == u"request.body" ? nullptr : field, error);
    m_rows.insert(key, row);
}

ExecutorKind ScenarioForm::executor() const
{
    return ExecutorKind(m_executor->currentData().toInt());
}

void ScenarioForm::updateVisibleRows()
{
    const ExecutorKind e = executor();
    const bool rate = e == ExecutorKind::ConstantArrivalRate;
    const bool counted = e == ExecutorKind::SharedIterations || e == ExecutorKind::PerVuIterations;
    m_loadForm->setRowVisible(m_rows.value(u"vus"_qs), !rate);
    m_loadForm->setRowVisible(m_rows.value(u"duration"_qs), !counted);
    m_loadForm->setRowVisible(m_rows.value(u"iterations"_qs), counted);
    m_loadForm->setRowVisible(m_rows.value(u"rate"_qs), rate);
    m_loadForm->setRowVisible(m_rows.value(u"preAllocatedVUs"_qs), rate);
    m_loadForm->setRowVisible(m_rows.value(u"maxVUs"_qs), rate);
    m_loadForm->setRowVisible(m_rows.value(u"maxDuration"_qs), counted);
    m_iterations->setToolTip(e == ExecutorKind::PerVuIterations ? tr("Requests each VU sends")
                                                                 : tr("Requests the VUs share in total"));
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
    m_figure->setValue(s.figure);
    m_metric->setCurrentIndex(m_metric->findData(int(s.metric)));
    m_executor->setCurrentIndex(m_executor->findData(int(s.executor)));
    m_vus->setValue(s.vus);
    m_duration->setText(s.duration.count() > 0 ? formatPlanDuration(s.duration) : QString());
    m_iterations->setValue(int(std::min<qint64>(s.iterations, std::numeric_limits<int>::max())));
    m_rate->setValue(s.rate);
    m_preAllocated->setValue(s.preAllocatedVus);
    m_maxVus->setValue(s.maxVus);
    m_maxDuration->setText(s.maxDuration.count() > 0 ? formatPlanDuration(s.maxDuration) : QString());
    m_method->setCurrentText(QString::fromLatin1(s.request.method));
    m_path->setText(s.request.path);
    m_headers->setPlainText(formatHeaderLines(s.request.headers));
    m_body->setText(prettyBody(s.request.body));
    m_idsKind->setCurrentIndex(m_idsKind->findData(int(s.request.ids.kind)));
    m_idMin->setValue(int(s.request.ids.min));
    m_idMax->setValue(int(s.request.ids.max));
    QStringList pool;
    for (qint64 id : s.request.ids.pool)
        pool << QString::number(id);
    m_idPool->setText(pool.join(u", "_qs));
    m_consume->setChecked(s.request.ids.consume);
    m_expected->setValue(s.expectedStatus);
    updateVisibleRows();
    m_loading = false;
}

Scenario ScenarioForm::scenario() const
{
    Scenario s;
    s.id = m_id->text().trimmed();
    s.title = m_title->text().trimmed().isEmpty() ? s.id : m_title->text().trimmed();
    s.figure = m_figure->value();
    s.metric = Metric(m_metric->currentData().toInt());
    s.executor = executor();
    const bool rate = s.executor == ExecutorKind::ConstantArrivalRate;
    const bool counted = s.executor == ExecutorKind::SharedIterations || s.executor == ExecutorKind::PerVuIterations;
    if (!rate)
        s.vus = m_vus->value();
    if (!counted)
        parsePlanDuration(m_duration->text().trimmed(), &s.duration);
    if (counted) {
        s.iterations = m_iterations->value();
        parsePlanDuration(m_maxDuration->text().trimmed(), &s.maxDuration);
    }
    if (rate) {
        s.rate = m_rate->value();
        s.preAllocatedVus = m_preAllocated->value();
        s.maxVus = m_maxVus->value();
    }
    s.request.method = m_method->currentText().trimmed().toUpper().toLatin1();
    s.request.path = m_path->text().trimmed();
    parseHeaderLines(m_headers->toPlainText(), &s.request.headers, nullptr);
    s.request.body = compactBody(m_body->text());
    s.request.ids.kind = PlanIds::Kind(m_idsKind->currentData().toInt());
    s.request.ids.min = m_idMin->value();
    s.request.ids.max = m_idMax->value();
    if (s.request.ids.kind == PlanIds::Pool)
        parsePool(m_idPool->text(), &s.request.ids.pool);
    s.request.ids.consume = s.request.ids.kind != PlanIds::None && m_consume->isChecked();
    s.expectedStatus = m_expected->value();
    return s;
}

QHash<QString, QString> ScenarioForm::localErrors() const
{
    QHash<QString, QString> e;
    std::chrono::milliseconds d {};
    const ExecutorKind k = executor();
    const bool counted = k == ExecutorKind::SharedIterations || k == ExecutorKind::PerVuIterations;
    if (!counted && !parsePlanDuration(m_duration->text().trimmed(), &d))
        e.insert(u"duration"_qs, tr("Give a duration with a unit, such as 10s, 500ms or 1m30s"));
    if (counted && !m_maxDuration->text().trimmed().isEmpty() && !parsePlanDuration(m_maxDuration->text().trimmed(), &d))
        e.insert(u"maxDuration"_qs, tr("Give a duration with a unit, such as 10m, or leave empty"));
    Headers headers;
    QString error;
    if (!parseHeaderLines(m_headers->toPlainText(), &headers, &error))
        e.insert(u"request.headers"_qs, error);
    if (!m_body->isValid())
        e.insert(u"request.body"_qs, tr("Not valid JSON: %1").arg(m_body->syntaxError()));
    QList<qint64> pool;
    if (m_idsKind->currentData().toInt() == PlanIds::Pool && !parsePool(m_idPool->text(), &pool))
        e.insert(u"request.ids"_qs, tr("List whole numbers separated by commas"));
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
    m_body->setExternalError(local.contains(u"request.body"_qs) ? QString() : m_errors.errorFor(u"request.body"_qs));
}

void ScenarioForm::emitEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
