#include "planinfoform.h"

#include "common/uiutil.h"
#include "study/studyestimate.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace UiUtil;

PlanInfoForm::PlanInfoForm(QWidget* parent)
    : QWidget(parent)
    , m_general(makeErrorLabel(this))
    , m_errors(m_general)
    , m_name(new QLineEdit)
    , m_description(new QPlainTextEdit)
    , m_summary(new QLabel)
{
    m_name->setToolTip(tr("The plan's name, recorded with its results"));
    m_description->setToolTip(tr("What the plan is for"));
    m_description->setTabChangesFocus(true);
    m_summary->setWordWrap(true);
    m_summary->setToolTip(tr("Stacks × scenarios × repetitions, and the planned duration: load, pauses, and "
                             "each stack's start, seeding, check and stop"));
    QLabel* nameError = makeErrorLabel(this);
    QLabel* descriptionError = makeErrorLabel(this);
    auto* box = new QGroupBox;
    auto* form = new QFormLayout(box);
    form->addRow(tr("&Name:"), withErrorLabel(m_name, nameError));
    form->addRow(tr("&Description:"), withErrorLabel(m_description, descriptionError));
    form->addRow(tr("Size:"), m_summary);
    m_errors.add(u"name"_qs, m_name, nameError);
    m_errors.add(u"description"_qs, m_description, descriptionError);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Plan</b>")));
    layout->addWidget(m_general);
    layout->addWidget(box);
    layout->addWidget(makeHintLabel(tr("Pick stacks and scenarios in the tree on the left. Problems show "
                                       "next to the fields as you type and are listed below the tree; "
                                       "a plan with problems cannot run, and Save keeps it as a draft.")));
    layout->addStretch();
    connect(m_name, &QLineEdit::textEdited, this, &PlanInfoForm::emitEdited);
    connect(m_description, &QPlainTextEdit::textChanged, this, &PlanInfoForm::emitEdited);
}

void PlanInfoForm::setPlan(const Plan& plan)
{
    assertGuiThread(this);
    m_loading = true;
    if (m_name->text().trimmed() != plan.name)
        m_name->setText(plan.name);
    if (m_description->toPlainText().trimmed() != plan.description)
        m_description->setPlainText(plan.description);
    const Procedure& p = plan.procedure;
    const double planned = StudyEstimate(plan, ResumeIndex()).totalSeconds();
    m_summary->setText(tr("%1 stack(s) × %2 scenario(s) × %3 repetition(s) · about %4%5")
                           .arg(expandedStackCount(plan))
                           .arg(expandedScenarioCount(plan))
                           .arg(p.adaptive ? tr("%1–%2").arg(p.adaptive->min).arg(p.repetitions)
                                           : QString::number(p.repetitions))
                           .arg(formatEta(planned))
                           .arg(p.adaptive ? tr(" for the minimum; each further repetition adds about %1")
                                                 .arg(formatEta(planned / p.adaptive->min))
                                           : QString()));
    m_loading = false;
}

QString PlanInfoForm::name() const
{
    return m_name->text().trimmed();
}

QString PlanInfoForm::description() const
{
    return m_description->toPlainText().trimmed();
}

void PlanInfoForm::setProblems(const JsonProblems& problems)
{
    m_errors.show(problems);
}

void PlanInfoForm::emitEdited()
{
    if (!m_loading)
        Q_EMIT edited();
}
