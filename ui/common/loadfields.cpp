#include "loadfields.h"

#include "engine/executortraits.h"
#include "jsonedit.h"
#include "uiutil.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

using namespace UiUtil;

LoadFields::LoadFields(Kind kind, QObject* parent)
    : QObject(parent)
    , m_kind(kind)
{
    createExecutorFields();
    createRequestFields();
    connectFields();
}

QString LoadFields::text(const QString& quickLoad, const QString& plan) const
{
    return m_kind == Kind::QuickLoad ? quickLoad : plan;
}

void LoadFields::createExecutorFields()
{
    const bool quick = m_kind == Kind::QuickLoad;
    m_executor = new QComboBox;
    QStringList summaries;
    for (const ExecutorTraits& t : executorTraits()) {
        m_executor->addItem(quick ? u"%1 (%2)"_qs.arg(t.label, t.name) : t.name, int(t.kind));
        m_executor->setItemData(m_executor->count() - 1, t.summary, Qt::ToolTipRole);
        summaries << t.name + u": "_qs + t.summary;
    }
    m_executor->setToolTip(
        text(tr("How the load is shaped, with k6's semantics"), summaries.join(u" · "_qs)));
    m_vus = makeSpinBox(1, 100'000,
        text(tr("Virtual users: each loops over requests with no pause"),
            tr("Virtual users, each looping without pause")));
    m_duration = makeLineEdit(u"10s"_qs,
        text(tr("How long to run, e.g. 10s, 500ms, 1m30s"), tr("How long the load runs: 10s, 500ms, 1m30s")));
    m_iterations = makeSpinBox(1, 2'000'000'000, tr("Requests in total (shared) or per VU"));
    m_rate = new QDoubleSpinBox;
    m_rate->setRange(quick ? 0.1 : 0, 1e6);
    m_rate->setSuffix(text(tr(" req/s"), tr(" /s")));
    m_rate->setToolTip(text(tr("Requests started per second, whether or not earlier ones finished"),
        tr("Iterations started per second")));
    m_maxVus = makeSpinBox(0, 100'000,
        text(tr("Upper bound of VUs for the arrival rate; 0 means twice the VUs"),
            tr("Upper bound of VUs; 0 means the pre-allocated number")));
    m_maxVus->setSpecialValueText(text(tr("2 × VUs"), tr("same")));
    if (quick) {
        // The defaults of `stackbench load`.
        m_vus->setValue(10);
        m_duration->setText(u"10s"_qs);
        m_duration->setClearButtonEnabled(true);
        m_iterations->setValue(1000);
        m_rate->setDecimals(1);
        m_rate->setValue(100);
        return;
    }
    m_preAllocated = makeSpinBox(1, 100'000, tr("VUs ready at the start of an arrival-rate load"));
    m_maxDuration
        = makeLineEdit(tr("10m (k6's default)"), tr("Upper bound on the run time of an iteration executor"));
}

void LoadFields::createRequestFields()
{
    m_method = new QComboBox;
    m_method->setEditable(true);
    m_method->addItems({ u"GET"_qs, u"POST"_qs, u"PUT"_qs, u"PATCH"_qs, u"DELETE"_qs, u"HEAD"_qs });
    m_method->setToolTip(tr("The HTTP method"));
    m_headers = new QPlainTextEdit;
    // Says "e.g.": a disabled form painted it dark, like a header that would be sent.
    m_headers->setPlaceholderText(tr("e.g. Content-Type: application/json"));
    m_headers->setToolTip(text(tr("Extra request headers, one \"Name: value\" per line"),
        tr("Request headers, one \"Name: value\" per line")));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().height() * 3 + 12);
    m_headers->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_body = new JsonEdit;
    if (m_kind == Kind::QuickLoad)
        m_body->setPlaceholdersAllowed(true); // as the CLI's --body: {"n": {seq}}
    else
        m_body->setToolTip(tr("The body template as JSON; {id}, {seq} and {vu} expand inside strings"));
}

void LoadFields::connectFields()
{
    connect(m_executor, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        Q_EMIT edited();
    });
    for (QSpinBox* s : { m_vus, m_iterations, m_maxVus, m_preAllocated })
        if (s)
            connect(s, &QSpinBox::valueChanged, this, &LoadFields::edited);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &LoadFields::edited);
    for (QLineEdit* e : { m_duration, m_maxDuration })
        if (e)
            connect(e, &QLineEdit::textChanged, this, &LoadFields::edited);
    connect(m_method, &QComboBox::currentTextChanged, this, &LoadFields::edited);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &LoadFields::edited);
    connect(m_body, &JsonEdit::edited, this, &LoadFields::edited);
}

QString LoadFields::maxVusKey() const
{
    return text(u"maxVus"_qs, u"maxVUs"_qs);
}

void LoadFields::addExecutorRows(QFormLayout* form, const AddRow& addRow)
{
    m_loadForm = form;
    const auto add = [&](const QString& label, QWidget* field, const QString& key) {
        if (field)
            m_rows.insert(key, addRow(form, label, field, key));
    };
    add(tr("E&xecutor:"), m_executor, u"executor"_qs);
    add(tr("&VUs:"), m_vus, u"vus"_qs);
    add(tr("&Duration:"), m_duration, u"duration"_qs);
    add(text(tr("&Iterations:"), tr("Ite&rations:")), m_iterations, u"iterations"_qs);
    add(text(tr("&Rate:"), tr("R&ate:")), m_rate, u"rate"_qs);
    add(tr("Pre-allocated VUs:"), m_preAllocated, u"preAllocatedVUs"_qs);
    add(tr("Max VUs:"), m_maxVus, maxVusKey());
    add(tr("Max duration:"), m_maxDuration, u"maxDuration"_qs);
    updateRows();
}

void LoadFields::addRequestRows(
    QFormLayout* form, const AddRow& addRow, const std::function<void()>& afterMethod)
{
    const QString prefix = text({}, u"request."_qs);
    addRow(form, text(tr("&Method:"), tr("M&ethod:")), m_method, prefix + u"method"_qs);
    if (afterMethod)
        afterMethod();
    addRow(form, tr("&Headers:"), m_headers, prefix + u"headers"_qs);
    addRow(form, tr("&Body:"), m_body, prefix + u"body"_qs);
}

void LoadFields::updateRows()
{
    if (!m_loadForm)
        return;
    const ExecutorTraits& t = traitsOf(executor());
    const bool rate = t.arrival;
    const bool counted = !t.timed;
    const auto show = [this](const QString& key, bool visible) {
        if (QWidget* row = m_rows.value(key))
            m_loadForm->setRowVisible(row, visible);
    };
    show(
        u"vus"_qs, m_kind == Kind::QuickLoad || !rate); // a plan's arrival rate has pre-allocated VUs instead
    show(u"duration"_qs, !counted);
    show(u"iterations"_qs, counted);
    show(u"rate"_qs, rate);
    show(u"preAllocatedVUs"_qs, rate);
    show(maxVusKey(), rate);
    show(u"maxDuration"_qs, counted);
    m_iterations->setToolTip(t.perVu ? tr("Requests each VU sends") : tr("Requests the VUs share in total"));
}

ExecutorKind LoadFields::executor() const
{
    return ExecutorKind(m_executor->currentData().toInt());
}

void LoadFields::setExecutor(ExecutorKind executor)
{
    m_executor->setCurrentIndex(m_executor->findData(int(executor)));
}
