#include "stackform.h"

#include "common/uiutil.h"
#include "sweeptext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace UiUtil;

StackForm::StackForm(QWidget* parent)
    : QWidget(parent)
    , m_general(makeErrorLabel(this))
    , m_errors(m_general)
    , m_form(new QFormLayout)
    , m_kind(new QLabel)
    , m_stack(new QComboBox)
    , m_name(new QLineEdit)
    , m_url(new QLineEdit)
    , m_label(new QLineEdit)
    , m_params(new QLineEdit)
    , m_sweep(new QLineEdit)
{
    m_stack->setToolTip(tr("A stack from the stack manifest (resources/stacks/stacks.json): Stackbench "
                           "starts, seeds and stops it"));
    m_name->setToolTip(tr("Names the target in results: letters, digits, '-' and '_'"));
    m_name->setPlaceholderText(u"staging"_qs);
    m_url->setToolTip(tr("The base URL of a server you run yourself; Stackbench does not start or seed it"));
    m_url->setPlaceholderText(u"http://127.0.0.1:8000"_qs);
    m_label->setToolTip(tr("How figures name this stack; empty for the usual label"));
    m_label->setPlaceholderText(tr("(automatic)"));
    m_params->setToolTip(tr("Values for the stack's parameters (the manifest declares them and their "
                            "defaults), e.g. workers=4; threads=2. Empty: the defaults"));
    m_params->setPlaceholderText(tr("(the manifest's defaults)"));
    m_sweep->setToolTip(tr("Parameters to sweep: the study runs this stack once per combination, e.g. "
                           "workers=1,2,4; threads=1,2,4"));
    m_sweep->setPlaceholderText(tr("(no sweep)"));
    auto* box = new QGroupBox(tr("Stack"));
    box->setLayout(m_form);
    m_form->addRow(tr("Kind:"), m_kind);
    addRow(tr("&Stack:"), m_stack, u"stack"_qs);
    addRow(tr("&Name:"), m_name, u"name"_qs);
    addRow(tr("&URL:"), m_url, u"url"_qs);
    addRow(tr("&Label:"), m_label, u"label"_qs);
    addRow(tr("&Parameters:"), m_params, u"params"_qs);
    addRow(tr("S&weep:"), m_sweep, u"sweep"_qs);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>System under test</b>")));
    layout->addWidget(m_general);
    layout->addWidget(box);
    layout->addStretch();
    connect(m_stack, &QComboBox::currentIndexChanged, this, &StackForm::emitEdited);
    for (QLineEdit* e : { m_name, m_url, m_label, m_params, m_sweep })
        connect(e, &QLineEdit::textEdited, this, &StackForm::emitEdited);
    updateRows();
}

void StackForm::addRow(const QString& label, QWidget* field, const QString& key)
{
    QLabel* error = makeErrorLabel(this);
    QWidget* row = withErrorLabel(field, error);
    m_form->addRow(label, row);
    m_errors.add(key, field, error);
    m_rows.insert(key, row);
}

void StackForm::setManifestStacks(const QList<std::pair<QString, QString>>& stacks)
{
    m_loading = true;
    const QString current = m_stack->currentData().toString();
    m_stack->clear();
    for (const auto& [name, label] : stacks)
        m_stack->addItem(label.isEmpty() ? name : u"%1  (%2)"_qs.arg(label, name), name);
    const int i = m_stack->findData(current);
    if (i >= 0)
        m_stack->setCurrentIndex(i);
    m_loading = false;
}

void StackForm::setStack(const PlanStack& s)
{
    assertGuiThread(this);
    m_loading = true;
    m_external = s.isExternal();
    if (!m_external) {
        if (m_stack->findData(s.stack) < 0)
            m_stack->addItem(tr("%1  (not in the manifest)").arg(s.stack), s.stack);
        m_stack->setCurrentIndex(m_stack->findData(s.stack));
    }
    m_name->setText(s.name);
    m_url->setText(s.url.toString());
    m_label->setText(s.label);
    m_params->setText(paramsText(s.params));
    m_sweep->setText(sweepText(s.sweep));
    updateRows();
    m_loading = false;
}

PlanStack StackForm::stack() const
{
    PlanStack s;
    if (m_external) {
        s.name = m_name->text().trimmed();
        s.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    } else {
        s.stack = m_stack->currentData().toString();
        QString error;
        s.params = parseParamsText(m_params->text(), &error).value_or(QMap<QString, QString> {});
        s.sweep = parseSweepText(m_sweep->text(), &error).value_or(QMap<QString, QStringList> {});
    }
    s.label = m_label->text().trimmed();
    return s;
}

QHash<QString, QString> StackForm::localErrors() const
{
    QHash<QString, QString> e;
    QString error;
    if (m_external && !QUrl(m_url->text().trimmed(), QUrl::StrictMode).isValid())
        e.insert(u"url"_qs, tr("Not a valid URL; try http://127.0.0.1:8000"));
    if (!m_external && !parseParamsText(m_params->text(), &error))
        e.insert(u"params"_qs, error);
    if (!m_external && !parseSweepText(m_sweep->text(), &error))
        e.insert(u"sweep"_qs, error);
    return e;
}

JsonProblems StackForm::localProblems() const
{
    JsonProblems out;
    const auto errors = localErrors();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        out.append({ {}, it.key(), it.value() });
    return out;
}

void StackForm::setProblems(const JsonProblems& problems)
{
    m_errors.show(problems, localErrors());
}

void StackForm::updateRows()
{
    m_kind->setText(
        m_external ? tr("External target (you run it)") : tr("Stack from the manifest (Stackbench runs it)"));
    m_form->setRowVisible(m_rows.value(u"stack"_qs), !m_external);
    m_form->setRowVisible(m_rows.value(u"name"_qs), m_external);
    m_form->setRowVisible(m_rows.value(u"url"_qs), m_external);
    m_form->setRowVisible(m_rows.value(u"params"_qs), !m_external);
    m_form->setRowVisible(m_rows.value(u"sweep"_qs), !m_external);
}

void StackForm::emitEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
