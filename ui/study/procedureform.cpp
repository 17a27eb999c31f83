#include "procedureform.h"

#include "common/uiutil.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace UiUtil;

namespace {
QDoubleSpinBox* seconds(double max, const QString& toolTip)
{
    auto* box = new QDoubleSpinBox;
    box->setRange(0, max);
    box->setDecimals(1);
    box->setSuffix(QObject::tr(" s"));
    box->setToolTip(toolTip);
    return box;
}
} // namespace

ProcedureForm::ProcedureForm(QWidget* parent)
    : QWidget(parent)
    , m_general(makeErrorLabel(this))
    , m_errors(m_general)
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Procedure</b>: what happens around the scenarios, for every stack "
                                    "and repetition")));
    layout->addWidget(m_general);
    layout->addWidget(buildMain());
    layout->addWidget(buildWarmup());
    layout->addStretch();
}

QWidget* ProcedureForm::buildMain()
{
    auto* box = new QGroupBox(tr("Steps"));
    auto* form = new QFormLayout(box);
    m_settle = seconds(3600, tr("Wait after starting a stack before anything else (the paper: 20 s)"));
    m_seed = makeSpinBox(0, 10'000'000, tr("Records loaded into the stack's database (the paper: 1,500)"));
    m_verify = new QCheckBox(tr("Check the API contract before the warm-up"));
    m_verify->setToolTip(tr("Run the conformance check; a stack that fails it is not measured"));
    m_idle = seconds(3600, tr("Pause after the warm-up (the paper: 5 s)"));
    m_gap = seconds(3600, tr("Pause between scenarios (the paper: 3 s)"));
    m_repetitions = makeSpinBox(1, 1000,
        tr("How many times the whole run is repeated (the paper: 5); with "
           "\"until clear\", the most it is repeated"));
    m_transport = new QComboBox;
    m_transport->addItem(tr("socket (own HTTP/1.1 client)"), int(TransportKind::Socket));
    m_transport->addItem(tr("qnam (QNetworkAccessManager)"), int(TransportKind::Qnam));
    m_transport->setToolTip(tr("The HTTP client used for every load"));
    m_timeout = seconds(3600, tr("Per-request timeout"));
    m_timeout->setDecimals(3);
    const auto cpuList = [this](const QString& toolTip) {
        auto* edit = new QLineEdit;
        edit->setPlaceholderText(tr("not pinned"));
        edit->setValidator(
            new QRegularExpressionValidator(QRegularExpression(u"^\\d{1,4}(,\\d{1,4})*$"_qs), edit));
        edit->setToolTip(toolTip);
        connect(edit, &QLineEdit::textEdited, this, &ProcedureForm::emitEdited);
        return edit;
    };
    m_pinStack
        = cpuList(tr("CPUs for the stack's whole process tree, e.g. \"1\" (sched_setaffinity). Empty: not "
                     "pinned, as in the paper. Pinning keeps the client's cycles off the server's CPUs."));
    m_pinEngine = cpuList(tr("CPUs for the load engine's worker threads, e.g. \"0\". Empty: not pinned."));
    addRow(form, tr("&Settle:"), m_settle, u"settle_s"_qs);
    addRow(form, tr("S&eed records:"), m_seed, u"seed_count"_qs);
    addRow(form, QString(), m_verify, u"verify"_qs);
    addRow(form, tr("&Idle:"), m_idle, u"idle_s"_qs);
    addRow(form, tr("&Gap:"), m_gap, u"gap_s"_qs);
    addRow(form, tr("&Repetitions:"), m_repetitions, u"repetitions"_qs);
    addRow(form, tr("Until clear:"), buildAdaptive(), u"repetitions.target_ci_percent"_qs);
    addRow(form, tr("&Transport:"), m_transport, u"transport"_qs);
    addRow(form, tr("Ti&meout:"), m_timeout, u"timeout_s"_qs);
    addRow(form, tr("Pin stack to CP&Us:"), m_pinStack, u"pin.stack"_qs);
    addRow(form, tr("Pin engine to CPUs:"), m_pinEngine, u"pin.engine"_qs);
    for (QDoubleSpinBox* b : { m_settle, m_idle, m_gap, m_timeout })
        connect(b, &QDoubleSpinBox::valueChanged, this, &ProcedureForm::emitEdited);
    for (QSpinBox* b : { m_seed, m_repetitions })
        connect(b, &QSpinBox::valueChanged, this, &ProcedureForm::emitEdited);
    connect(m_verify, &QCheckBox::toggled, this, &ProcedureForm::emitEdited);
    connect(m_transport, &QComboBox::currentIndexChanged, this, &ProcedureForm::emitEdited);
    return box;
}

QWidget* ProcedureForm::buildAdaptive()
{
    m_adaptive = new QCheckBox(tr("stop when every bar's 95 % interval is within ±"));
    m_adaptive->setToolTip(
        tr("After the minimum, repeat until every bar's confidence interval is narrow enough, "
           "or until Repetitions is reached; the bars that are not are named at the end"));
    m_targetCi = new QDoubleSpinBox;
    m_targetCi->setRange(0.1, 100);
    m_targetCi->setDecimals(1);
    m_targetCi->setSuffix(tr(" %"));
    m_targetCi->setToolTip(tr("The 95 % interval's half-width, in % of the bar's mean"));
    m_minRepetitions
        = makeSpinBox(2, 1000, tr("Repetitions that always run before the intervals are judged"));
    m_minRepetitions->setPrefix(tr("after at least "));
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_adaptive);
    layout->addWidget(m_targetCi);
    layout->addWidget(m_minRepetitions);
    layout->addStretch();
    const auto sync = [this] {
        m_targetCi->setEnabled(m_adaptive->isChecked());
        m_minRepetitions->setEnabled(m_adaptive->isChecked());
    };
    connect(m_adaptive, &QCheckBox::toggled, this, [this, sync] {
        sync();
        emitEdited();
    });
    connect(m_targetCi, &QDoubleSpinBox::valueChanged, this, &ProcedureForm::emitEdited);
    connect(m_minRepetitions, &QSpinBox::valueChanged, this, &ProcedureForm::emitEdited);
    sync();
    return row;
}

QWidget* ProcedureForm::buildWarmup()
{
    m_warmup = new QGroupBox(tr("&Warm-up"));
    m_warmup->setCheckable(true);
    m_warmup->setToolTip(tr("Load that runs before the scenarios and never enters a figure"));
    auto* form = new QFormLayout(m_warmup);
    m_warmVus = makeSpinBox(1, 100'000, tr("VUs of the warm-up phase (the paper: 20)"));
    m_warmDuration = new QLineEdit;
    m_warmDuration->setToolTip(tr("How long the VUs load the warm-up path: 10s, 500ms"));
    m_warmPath = new QLineEdit;
    m_warmPath->setToolTip(tr("Path the warm-up VUs request (the paper: /hello)"));
    m_thenRequests
        = makeSpinBox(0, 1'000'000, tr("Sequential GET requests of the second path afterwards; 0 for none"));
    m_thenPath = new QLineEdit;
    m_thenPath->setToolTip(tr("Path of the sequential requests (the paper: /items/)"));
    addRow(form, tr("VUs:"), m_warmVus, u"warmup.vus"_qs);
    addRow(form, tr("Duration:"), m_warmDuration, u"warmup.duration"_qs);
    addRow(form, tr("Path:"), m_warmPath, u"warmup.path"_qs);
    addRow(form, tr("Then requests:"), m_thenRequests, u"warmup.then_items_requests"_qs);
    addRow(form, tr("Then path:"), m_thenPath, u"warmup.then_path"_qs);
    connect(m_warmup, &QGroupBox::toggled, this, &ProcedureForm::emitEdited);
    for (QSpinBox* b : { m_warmVus, m_thenRequests })
        connect(b, &QSpinBox::valueChanged, this, &ProcedureForm::emitEdited);
    for (QLineEdit* e : { m_warmDuration, m_warmPath, m_thenPath })
        connect(e, &QLineEdit::textEdited, this, &ProcedureForm::emitEdited);
    return m_warmup;
}

void ProcedureForm::addRow(QFormLayout* form, const QString& label, QWidget* field, const QString& key)
{
    QLabel* error = makeErrorLabel(this);
    form->addRow(label, withErrorLabel(field, error));
    m_errors.add(key, field, error);
}

void ProcedureForm::setProcedure(const Procedure& p)
{
    assertGuiThread(this);
    m_loading = true;
    m_settle->setValue(p.settleS);
    m_seed->setValue(p.seedCount);
    m_verify->setChecked(p.verify);
    m_idle->setValue(p.idleS);
    m_gap->setValue(p.gapS);
    m_repetitions->setValue(p.repetitions);
    m_adaptive->setChecked(p.adaptive.has_value());
    const AdaptiveRepetitions a = p.adaptive.value_or(AdaptiveRepetitions {});
    m_minRepetitions->setValue(a.min);
    m_targetCi->setValue(a.targetCiPercent);
    m_transport->setCurrentIndex(m_transport->findData(int(p.transport)));
    m_timeout->setValue(p.timeoutS);
    const auto text = [](const QList<int>& cpus) {
        QStringList parts;
        for (int c : cpus)
            parts << QString::number(c);
        return parts.join(u',');
    };
    m_pinStack->setText(text(p.pin.stack));
    m_pinEngine->setText(text(p.pin.engine));
    const Warmup w = p.warmup.value_or(Warmup {});
    m_warmup->setChecked(p.warmup.has_value());
    m_warmVus->setValue(w.vus);
    m_warmDuration->setText(formatPlanDuration(w.duration));
    m_warmPath->setText(w.path);
    m_thenRequests->setValue(w.thenItemsRequests);
    m_thenPath->setText(w.thenPath);
    m_loading = false;
}

Procedure ProcedureForm::procedure() const
{
    Procedure p;
    p.settleS = m_settle->value();
    p.seedCount = m_seed->value();
    p.verify = m_verify->isChecked();
    p.idleS = m_idle->value();
    p.gapS = m_gap->value();
    p.repetitions = m_repetitions->value();
    if (m_adaptive->isChecked())
        p.adaptive = AdaptiveRepetitions { m_minRepetitions->value(), m_targetCi->value() };
    p.transport = TransportKind(m_transport->currentData().toInt());
    p.timeoutS = m_timeout->value();
    const auto cpus = [](const QLineEdit* edit) {
        QList<int> out;
        for (const QString& part : edit->text().split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int cpu = part.trimmed().toInt(&ok);
            if (ok && !out.contains(cpu))
                out << cpu;
        }
        return out;
    };
    p.pin.stack = cpus(m_pinStack);
    p.pin.engine = cpus(m_pinEngine);
    if (m_warmup->isChecked()) {
        Warmup w;
        w.vus = m_warmVus->value();
        w.duration = {};
        parsePlanDuration(m_warmDuration->text().trimmed(), &w.duration);
        w.path = m_warmPath->text().trimmed();
        w.thenItemsRequests = m_thenRequests->value();
        w.thenPath = m_thenPath->text().trimmed();
        p.warmup = w;
    } else {
        p.warmup.reset();
    }
    return p;
}

JsonProblems ProcedureForm::localProblems() const
{
    std::chrono::milliseconds d {};
    if (m_warmup->isChecked() && !parsePlanDuration(m_warmDuration->text().trimmed(), &d))
        return { { {}, u"warmup.duration"_qs, tr("Give a duration with a unit, such as 10s") } };
    return {};
}

void ProcedureForm::setProblems(const JsonProblems& problems)
{
    QHash<QString, QString> local;
    for (const JsonProblem& p : localProblems())
        local.insert(p.path, p.reason);
    m_errors.show(problems, local);
}

void ProcedureForm::emitEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
