#include "stackform.h"

#include "common/uiutil.h"

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
{
    m_stack->setToolTip(tr("A stack from the stack manifest (resources/stacks/stacks.json): Stackbench "
                           "starts, seeds and stops it"));
    m_name->setToolTip(tr("Names the target in results: letters, digits, '-' and '_'"));
    m_name->setPlaceholderText(u"staging"_qs);
    m_url->setToolTip(tr("The base URL of a server you run yourself; Stackbench does not start or seed it"));
    m_url->setPlaceholderText(u"http://127.0.0.1:8000"_qs);
    m_label->setToolTip(tr("How figures name this stack; empty for the usual label"));
    m_label->setPlaceholderText(tr("(automatic)"));
    auto* box = new QGroupBox(tr("Stack"));
    box->setLayout(m_form);
    m_form->addRow(tr("Kind:"), m_kind);
    addRow(tr("&Stack:"), m_stack, u"stack"_qs);
    addRow(tr("&Name:"), m_name, u"name"_qs);
    addRow(tr("&URL:"), m_url, u"url"_qs);
    addRow(tr("&Label:"), m_label, u"label"_qs);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>System under test</b>")));
    layout->addWidget(m_general);
    layout->addWidget(box);
    layout->addStretch();
    connect(m_stack, &QComboBox::currentIndexChanged, this, &StackForm::emitEdited);
    for (QLineEdit* e : { m_name, m_url, m_label })
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
    }
    s.label = m_label->text().trimmed();
    return s;
}

JsonProblems StackForm::localProblems() const
{
    if (m_external && !QUrl(m_url->text().trimmed(), QUrl::StrictMode).isValid())
        return { { {}, u"url"_qs, tr("Not a valid URL; try http://127.0.0.1:8000") } };
    return {};
}

void StackForm::setProblems(const JsonProblems& problems)
{
    QHash<QString, QString> local;
    for (const JsonProblem& p : localProblems())
        local.insert(p.path, p.reason);
    m_errors.show(problems, local);
}

void StackForm::updateRows()
{
    m_kind->setText(
        m_external ? tr("External target (you run it)") : tr("Stack from the manifest (Stackbench runs it)"));
    m_form->setRowVisible(m_rows.value(u"stack"_qs), !m_external);
    m_form->setRowVisible(m_rows.value(u"name"_qs), m_external);
    m_form->setRowVisible(m_rows.value(u"url"_qs), m_external);
}

void StackForm::emitEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
